/** Writes test/ops/PEERS.md from the peer-suite check (run.ts): `npx tsx test/ops/peers/report.ts`. */
import { writeFileSync } from 'node:fs';
import { CASES, renderReport, runCase } from './run.js';

const results = CASES.map(runCase);
writeFileSync(new URL('../PEERS.md', import.meta.url), renderReport(results));
const failed = results.filter((r) => r.status === 'fail');
for (const r of failed) console.log(`#${r.case.id} ${r.case.formula}: ${r.detail}`);
console.log(`${results.length} cases, ${failed.length} failing`);
