// `npm run startup`: start-up time of the built CLI (dist/, as installed) against `node -e 0`.
// Each command runs ROUNDS times, interleaved so that load on the machine hits all alike; the
// median wall time of each and its ratio to node's own start-up are printed as a Markdown table.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
if (!existsSync('dist/cli/main.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const env = { ...process.env, SYMGRAD_DIST: '1' };
const seed = 'derivations/seed-2-2-1/network.yaml';
const cases = [
  ['node -e 0', ['-e', '0']],
  ['symgrad --help', ['bin/symgrad.js', '--help']],
  ['symgrad grad seed', ['bin/symgrad.js', 'grad', seed]],
  ['symgrad diff', ['bin/symgrad.js', 'diff', 'y*log(sigmoid(w*x + b))', '--wrt', 'w,b']],
];
const times = cases.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  cases.forEach(([, args], i) => {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (p.status !== 0) throw new Error(`${cases[i][0]} exited ${p.status}`);
    times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
console.log(`| command | median (ms, ${ROUNDS} runs) | × node -e 0 |\n|---|---:|---:|`);
cases.forEach(([name], i) => console.log(`| \`${name}\` | ${median(times[i]).toFixed(0)} | ${(median(times[i]) / base).toFixed(2)} |`));
