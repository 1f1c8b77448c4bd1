/**
 * `npm run bench` — runs the benchmark of issue 4 and writes bench/results.json,
 * bench/RESULTS.md (a full run; a --quick smoke run only
 * prints, unless --write is given).
 *   --quick          short smoke run (few, short samples; mathjs without simplification)
 *   --only a,b,c     the workloads to run (default all three)
 *   --no-gpu         leave out the GPU.js backend
 *   --clock cpu|wall the clock of the verdict (default cpu: this process's CPU time)
 *   --write / --no-write   force or suppress writing the result files
 *   --render         measure nothing: rewrite RESULTS.md from results.json
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBench } from './bench.js';
import { writeAtomically } from './write.js';
import { judgeTargets } from './results.js';
import { renderMarkdown, renderSummary } from './report.js';
import { WHY_MISSED } from './why.js';
import type { BenchResults } from './results.js';
import type { WorkloadId } from './workloads.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function parseWorkloads(text: string): WorkloadId[] {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (id !== 'a' && id !== 'b' && id !== 'c') throw new Error(`--only: unknown workload '${id}' (use a, b, c)`);
  return ids as WorkloadId[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: 'a,b,c' },
      'no-gpu': { type: 'boolean', default: false },
      clock: { type: 'string', default: 'cpu' },
      write: { type: 'boolean' },
      'no-write': { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
    },
  });
  if (values.render) {
    // The targets are judged again, so that a change to their rules shows without re-measuring.
    const saved = JSON.parse(readFileSync(here('./results.json'), 'utf8')) as BenchResults;
    writeReports({ ...saved, targets: judgeTargets(saved.workloads) }, true);
    return;
  }
  const quick = values.quick ?? false;
  const write = values['no-write'] ? false : values.write ?? !quick;
  const clock = values.clock;
  if (clock !== 'cpu' && clock !== 'wall') throw new Error(`--clock: use cpu or wall, not '${clock}'`);
  const results = await runBench({
    quick,
    clock,
    workloads: parseWorkloads(values.only ?? 'a,b,c'),
    gpu: !values['no-gpu'],
    log: (m) => process.stderr.write(`${m}\n`),
  });
  console.log(renderSummary(results));
  if (write) writeReports(results, true);
}

function writeReports(results: BenchResults, withJson: boolean): void {
  const md = renderMarkdown(results, WHY_MISSED);
  if (withJson) writeAtomically(here('./results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeAtomically(here('./RESULTS.md'), `# symgrad benchmark results\n\n${md}\n`);
  console.log(`wrote ${withJson ? 'bench/results.json, ' : ''}bench/RESULTS.md`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
