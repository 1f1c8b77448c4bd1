/**
 * The peer-suite check, shared by the test (peers.test.ts) and the report script: each
 * in-scope case of cases.json is parsed by symgrad, differentiated, simplified, and both the raw
 * and the simplified derivative are evaluated (with the stable forms) at the oracle's points
 * (oracle.json, SymPy at 30 digits); a case passes when every point agrees to 1e-9 relative.
 * `renderReport` writes PEERS.md from the results. Regenerate the report with
 *   npx tsx test/ops/peers/report.ts
 */
import { readFileSync } from 'node:fs';
import { evaluate, symbol } from '../../../src/expr/index.js';
import { derivative } from '../../../src/diff/index.js';
import { parseExpression } from '../../../src/parse/index.js';
import { simplify, stabilize } from '../../../src/simplify/index.js';
import { toText } from '../../../src/render/text.js';

export interface Case { id: number; suite: string; formula: string; wrt: string; sympy?: string; out?: string }
interface OracleCase { derivative: string; points: Array<[Record<string, number>, number]> }
export interface Outcome { case: Case; status: 'pass' | 'fail' | 'out'; detail: string; symgrad?: string; oracle?: string }

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
export const CASES = read<Case[]>('./cases.json');
const ORACLE = read<Record<string, OracleCase>>('./oracle.json');
/** Relative agreement required at every point. */
export const TOL = 1e-9;
/** Fewest oracle points a case must have (the domain of asin(2x) holds two of the five). */
const MIN_POINTS = 2;

export function runCase(c: Case): Outcome {
  if (c.out) return { case: c, status: 'out', detail: c.out };
  const o = ORACLE[String(c.id)];
  if (!o || o.points.length < MIN_POINTS) return { case: c, status: 'fail', detail: 'the oracle has too few real points' };
  let printed = '';
  try {
    const f = parseExpression(c.formula);
    const x = symbol(c.wrt);
    const raw = derivative(stabilize(f), x);
    const simple = simplify(derivative(f, x));
    printed = toText(simple);
    for (const [env, want] of o.points) {
      for (const [what, d] of [['derivative', raw], ['simplified derivative', simple]] as const) {
        const got = evaluate(stabilize(d), env);
        if (!(Math.abs(got - want) <= TOL * Math.max(1, Math.abs(want)))) {
          return { case: c, status: 'fail', detail: `${what} at ${JSON.stringify(env)}: ${got}, oracle ${want}`, symgrad: printed, oracle: o.derivative };
        }
      }
    }
  } catch (e) {
    return { case: c, status: 'fail', detail: (e as Error).message, symgrad: printed, oracle: o.derivative };
  }
  return { case: c, status: 'pass', detail: `${o.points.length} points`, symgrad: printed, oracle: o.derivative };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReport(results: readonly Outcome[]): string {
  const count = (s: Outcome['status']) => results.filter((r) => r.status === s).length;
  const lines = [
    '# Peer derivative suites',
    '',
    'The derivative cases of mathjs (`test/unit-tests/function/algebra/derivative.test.js`) and nerdamer',
    '(`spec/calculus.spec.js`), transcribed in `cases.py`; SymPy (`oracle.py`, 30 digits) gives the',
    `expected derivative at several points before symgrad runs; a case passes when symgrad's derivative,`,
    `raw and simplified, agrees at every point to ${TOL} relative (\`run.ts\`, \`peers.test.ts\`).`,
    'Regenerate: `python3 test/ops/peers/cases.py > test/ops/peers/cases.json`,',
    '`python3 test/ops/peers/oracle.py > test/ops/peers/oracle.json`, `npx tsx test/ops/peers/report.ts`.',
    '',
    `**${results.length} cases: ${count('pass')} pass, ${count('fail')} fail, ${count('out')} out of scope ` +
      `(${((100 * count('out')) / results.length).toFixed(1)} %).**`,
    '',
    '| # | suite | formula | ∂ | result | symgrad (simplified) | SymPy |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.case.id} | ${r.case.suite} | \`${cell(r.case.formula)}\` | ${r.case.wrt} | ${r.status}: ${cell(r.detail)} | ` +
      `${r.symgrad ? `\`${cell(r.symgrad)}\`` : ''} | ${r.oracle ? `\`${cell(r.oracle)}\`` : ''} |`),
    '',
  ];
  return lines.join('\n');
}
