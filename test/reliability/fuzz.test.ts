/**
 * Fuzzing every entry point with random and adversarial input (fast-check, fixed seeds): network
 * files, formulas, Markdown/LaTeX documents through `check`, and command lines. Whatever the
 * input, the answer is a result or a SymgradError (exit 0, 1 or 2) — never an internal error,
 * an uncaught exception, a hang or runaway memory. `npm test` runs a small share (a fifth of it
 * under `npm run test:fast`); `npm run fuzz` sets FUZZ_RUNS (10,000 per entry point) for a long
 * local run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isSymgradError } from '../../src/errors.js';
import { parseNetwork } from '../../src/nn/load.js';
import { train } from '../../src/nn/evaluate.js';
import { parseProgram } from '../../src/parse/index.js';
import { derivative } from '../../src/diff/reverse.js';
import { simplify } from '../../src/simplify/index.js';
import { toText } from '../../src/render/text.js';
import { toLatex } from '../../src/render/latex.js';
import { freeSymbols, treeSize } from '../../src/expr/node.js';
import { file, run, scratch, SEED } from './run.js';
import { runs as quickRuns } from '../support/quick.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
/** Runs per entry point: FUZZ_RUNS for `npm run fuzz`, else a small fixed-seed share. */
const runs = (small: number) => ({ numRuns: RUNS ?? quickRuns(small), seed: 11, endOnFailure: true });
/** Per entry point: inputs tried, how many were refused with a SymgradError, time taken (printed by npm run fuzz). */
const tally = new Map<string, { inputs: number; refused: number; ms: number }>();
function count(entry: string, refused: boolean, ms: number): void {
  const t = tally.get(entry) ?? { inputs: 0, refused: 0, ms: 0 };
  t.inputs++;
  if (refused) t.refused++;
  t.ms += ms;
  tally.set(entry, t);
}
afterAll(() => {
  if (RUNS) for (const [entry, t] of tally) console.log(`fuzz ${entry}: ${t.inputs} inputs, ${t.refused} refused with a located error, 0 internal errors, ${(t.ms / 1000).toFixed(1)} s`);
});
/** Per input: bounded time (generous: the machine may be busy) and memory. */
const MAX_MS = 20_000;
const MAX_HEAP = 1.5 * 2 ** 30;

/** Run `f`; a SymgradError is an answer, anything else fails the property. */
function answers(entry: string, f: () => unknown): void {
  const t = Date.now();
  let refused = false;
  try {
    f();
  } catch (e) {
    if (!isSymgradError(e)) throw e;
    refused = true;
    expect(e.format().includes('\n')).toBe(false);
  }
  count(entry, refused, Date.now() - t);
  expect(Date.now() - t).toBeLessThan(MAX_MS);
  expect(process.memoryUsage().heapUsed).toBeLessThan(MAX_HEAP);
}

const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\u001bc', '\u007f', '\u009b', '\r', '\t', '\f', '\u202e'];
const NUMBERS = ['0', '-0', '1', '-1', '0.5', '1e308', '1e400', '-1e400', '1e-400', '5e-324', '9007199254740993', '1e16',
  '.nan', '.inf', '-.inf', 'NaN', 'Infinity', '0x10', '1_000', '"1.5"', '1e', '--1', '2^60', '100000', '4096', '1e9'];

// ── network files ──────────────────────────────────────────────────────────────────────────
const SEED_TOKENS = SEED.split(/(\s+|[[\]{},:])/).filter((t) => t.length > 0);
const YAML_PIECES = ['&a ', '*a', '[', ']', '{', '}', ': ', ', ', '\n', '  - ', '- ', '"', "'", '#', '---\n', '!!str ', '? ', '|', '>',
  'type: linear', 'in: 2', 'out: 2', 'layers:', 'loss: mse', 'optimizer: sgd', 'data:', 'x: [[1, 1]]', 'y: [[0]]',
  '<<: *a', 'weight: [[1]]', 'bias: false', 'freeze: [weight]', 'custom', 'f: x^2', ...NUMBERS, ...CONTROL];

/** The seed network with a few tokens replaced by adversarial ones. */
const mutatedSeed = fc.array(fc.tuple(fc.nat(SEED_TOKENS.length - 1), fc.constantFrom(...YAML_PIECES)), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    const t = [...SEED_TOKENS];
    for (const [i, piece] of edits) t[i] = piece;
    return t.join('');
  });
/** The seed network with its numbers (weights, sizes, lr, data) replaced by adversarial ones. */
const NUMERIC = SEED_TOKENS.flatMap((t, i) => (/^-?\d/.test(t) ? [i] : []));
const VALUES = ['0', '-0', '1', '2', '3', '-1', '0.5', '1e308', '-1e308', '1e150', '1e-300', '5e-324', '1e16', '9007199254740993', '100000', '.nan', '1e400'];
const numericSeed = fc.array(fc.tuple(fc.constantFrom(...NUMERIC), fc.constantFrom(...VALUES)), { minLength: 1, maxLength: 3 })
  .map((edits) => {
    const t = [...SEED_TOKENS];
    for (const [i, v] of edits) t[i] = v;
    return t.join('');
  });
const randomYaml = fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 40 }).map((p) => p.join(''));

describe('fuzz: network files', () => {
  it('parse (and train when small) never fails with an internal error', () => {
    fc.assert(fc.property(fc.oneof(mutatedSeed, numericSeed, randomYaml, fc.string({ maxLength: 200 })), (text) => answers('network files', () => {
      const spec = parseNetwork(text, 'fuzz.yaml');
      const params = spec.layers.reduce((s, l) => s + (l.type === 'linear' ? l.in * l.out + l.out : 0), 0);
      if (params <= 64 && spec.data.x.length <= 8) train(spec, { steps: 2 });
    })), runs(200));
  }, 3_600_000);
});

// ── formulas ───────────────────────────────────────────────────────────────────────────────
const FORMULA_PIECES = ['x', 'w', 'b', 'y', 'z_1', '\\sigma', 'sigma_2', 'y_hat', ' + ', ' - ', ' * ', ' / ', '^', '(', ')', ',', ';', '\n', ' = ',
  'sigmoid(', 'exp(', 'log(', 'tanh(', 'relu(', 'max(', 'abs(', 'sqrt(', 'f(x) = ', 'f(', ' ? ', ' : ', ' > ', '==', '[', ']', '.', '!',
  'e', 'pi', '"s"', ...NUMBERS, ...CONTROL];
const formula = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(...FORMULA_PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join('')), weight: 40 },
  // long sums and deep nests: the shapes that used to overflow the stack
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('x', 'x^2', '1e16*x', 'w*x')).map(([n, t]) => Array(n).fill(t).join(' + ')),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'('.repeat(n)}x${')'.repeat(n)}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'-'.repeat(n)}x`),
  fc.integer({ min: 1, max: 400 }).map((n) => ['v0 = x', ...Array.from({ length: n }, (_, i) => `v${i + 1} = sigmoid(v${i})*x`)].join('\n')),
);

describe('fuzz: formulas', () => {
  it('parse, differentiate, simplify and print never fail with an internal error', () => {
    fc.assert(fc.property(formula, (text) => answers('formulas', () => {
      const { program, output } = parseProgram(text);
      const f = program.inline(output);
      for (const v of freeSymbols(f).slice(0, 2)) {
        const d = derivative(f, v);
        const s = treeSize(d) < 1000 ? simplify(d) : d;
        if (treeSize(s) < 20000) {
          toText(s);
          toLatex(s);
        }
      }
    })), runs(60));
  }, 3_600_000);
});

// ── documents through `check` ──────────────────────────────────────────────────────────────
const DOC_PIECES = ['$', '$$', '\\[', '\\]', '\n', '\n\n', ' ', '=', '&=', '\\\\', '+', '-', '\\times', '/', '^', '_', '{', '}', '(', ')',
  'z_1', '\\sigma_1', '\\hat{y}', '\\mathcal{L}', '\\frac{1}{1 + e^{-0.6478}}', '\\frac{\\partial \\mathcal{L}}{\\partial W_5}', '0.6478',
  '0.6565', '\\begin{align*}', '\\end{align*}', '```', '```python\n', '%', '\\approx', '한글', '{'.repeat(200), '}'.repeat(200),
  ...NUMBERS, ...CONTROL];
const docText = fc.array(fc.constantFrom(...DOC_PIECES), { maxLength: 60 }).map((p) => p.join(''));
const docBytes = fc.uint8Array({ maxLength: 400 });

describe('fuzz: documents (symgrad check)', () => {
  it('exits 0, 1 or 2 on any text or bytes, with no raw control character in a message', async () => {
    const dir = scratch();
    let k = 0;
    await fc.assert(fc.asyncProperty(fc.oneof(docText, docBytes), async (doc) => {
      const path = file(`d${k++ % 8}.md`, doc);
      const t = Date.now();
      const r = await run('check', path);
      count('documents (check)', r.code === 2, Date.now() - t);
      expect([0, 1, 2]).toContain(r.code);
      expect(Date.now() - t).toBeLessThan(MAX_MS);
      void dir;
    }), runs(100));
  }, 3_600_000);
});

// ── command lines ──────────────────────────────────────────────────────────────────────────
describe('fuzz: command lines', () => {
  it('any flags and values give exit 0, 1 or 2 and never throw', async () => {
    const seed = file('seed.yaml', SEED);
    const doc = file('doc.md', '$$z_1 = 0.4352 + 0.3545 - 0.1419 = 0.6478$$\n');
    const out = scratch();
    const COMMANDS = ['grad', 'compile', 'derive', 'check', 'diff', 'nope', '--help'];
    const FLAGS = ['--steps', '--json', '--float32', '--backend', '--view', '--batch', '--format', '--lang', '--decimals', '--date', '--out',
      '--wrt', '--at', '--order', '--latex', '--model', '--x', '--y', '--tolerance', '--claims', '--max-memory', '--max-input', '--', '-h', '--bogus', '--steps=3'];
    const VALUES = [seed, doc, out, '/dev/zero', '/nonexistent', '', 'x', 'js', 'gpu', 'matrix', 'scalar', 'md', 'tex', 'html', 'json', 'ko',
      'w*x + b', 'sigmoid(w*x)', 'x,w', 'w=0.5,x=1', 'x=1e400', '2', '0', '-1', '7', '100001', '1000000000', '99999999999999999999', '1K', '8G', 'lots',
      '2026-01-01', 'auto', '1,1', ...CONTROL];
    const argv = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(fc.constantFrom(...FLAGS, ...VALUES), { maxLength: 6 }))
      .map(([c, rest]) => [c, ...rest]);
    await fc.assert(fc.asyncProperty(argv, async (args) => {
      // derive --out writes only into the scratch folder; never into the repository
      if (args.includes('--out')) args = args.map((a, i) => (args[i - 1] === '--out' ? out : a));
      if (args[0] === 'derive' && !args.includes('--out') && args.includes('--gallery')) return;
      const t = Date.now();
      const r = await run(...args);
      count('command lines', r.code === 2, Date.now() - t);
      expect([0, 1, 2]).toContain(r.code);
      expect(Date.now() - t).toBeLessThan(MAX_MS);
    }), runs(80));
  }, 3_600_000);
});
