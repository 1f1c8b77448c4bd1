/**
 * The seed tutorial's 2-2-1 network reproduces every number of the PyTorch reference
 * (/work/shared/reference/seed-2-2-1.json, keys layer1.0.* → "0.*", layer2.0.* → "2.*") to 1e-12,
 * through the file, the API, the scalar view's numbering and the `symgrad grad` command.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { train } from '../../src/nn/evaluate.js';
import { scalarView } from '../../src/nn/scalar.js';
import { BCELoss, Linear, SGD, Sequential, Sigmoid } from '../../src/nn/api.js';
import { evaluateMany } from '../../src/expr/index.js';
import { main } from '../../src/cli/main.js';

const SEED_FILE = 'derivations/seed-2-2-1/network.yaml';
// A copy of the PyTorch reference (shared/reference/seed-2-2-1.json), so the test runs in any checkout.
const REF_PATH = new URL('./fixtures/seed-2-2-1.reference.json', import.meta.url);
const ref = JSON.parse(readFileSync(REF_PATH, 'utf8')) as {
  parameters: Record<string, unknown>;
  forward: Record<string, number>;
  loss: number;
  grad: Record<string, unknown>;
  after_one_sgd_step: Record<string, unknown>;
  loss_after_one_step: number;
  seed_numbering: Record<string, string>;
};
const KEY: Record<string, string> = { 'layer1.0.weight': '0.weight', 'layer1.0.bias': '0.bias', 'layer2.0.weight': '2.weight', 'layer2.0.bias': '2.bias' };

function expectClose(actual: unknown, expected: unknown, tol = 1e-12): void {
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol);
    return;
  }
  const e = expected as unknown[];
  expect(Array.isArray(actual)).toBe(true);
  expect((actual as unknown[]).length).toBe(e.length);
  e.forEach((v, i) => expectClose((actual as unknown[])[i], v, tol));
}

describe('seed 2-2-1 network', () => {
  const spec = loadNetworkFile(SEED_FILE);
  const r = train(spec, { steps: 1 });

  it('holds the tutorial parameters under PyTorch state_dict names', () => {
    for (const [k, v] of Object.entries(ref.parameters)) expectClose(r.params_before[KEY[k]!], v, 0);
  });

  it('forward values match (z1, z2, sigma1, sigma2, z3, sigma3)', () => {
    const f = ref.forward;
    expectClose(r.forward['0'], [[f.z1!, f.z2!]]);
    expectClose(r.forward['1'], [[f.sigma1!, f.sigma2!]]);
    expectClose(r.forward['2'], [[f.z3!]]);
    expectClose(r.forward['3'], [[f.sigma3!]]);
    expectClose(r.symbols['z_1'], f.z1);
    expectClose(r.symbols['\\sigma_2'], f.sigma2);
    expectClose(r.symbols['\\hat{y}'], f.sigma3);
  });

  it('loss, every gradient, parameters after one SGD step, and the loss after it', () => {
    expectClose(r.loss, ref.loss);
    for (const [k, v] of Object.entries(ref.grad)) expectClose(r.grad[KEY[k]!], v);
    for (const [k, v] of Object.entries(ref.after_one_sgd_step)) expectClose(r.params_after[KEY[k]!], v);
    expect(r.losses).toHaveLength(1);
    expectClose(r.losses[0], ref.loss_after_one_step);
  });

  it('numbers W_1…W_6, b_1…b_3 as the tutorial does', () => {
    const view = scalarView(spec);
    for (const [name, where] of Object.entries(ref.seed_numbering)) {
      const sym = view.params.find((p) => p.symbol.name === `${name[0]}_${name.slice(1)}`)!;
      expect(view.describe(sym.symbol)).toBe(`"${KEY[where.replace(/\[.*$/, '')]!}"${where.replace(/^[^[]*/, '')}`);
    }
    expect(view.program.targets.map((t) => t.name)).toEqual(['z_1', 'z_2', '\\sigma_1', '\\sigma_2', 'z_3', '\\hat{y}', '\\mathcal{L}']);
  });

  it('keeps the chain rule: ∂L/∂W_1 is one path of four local factors, and the closed forms evaluate to the gradient', () => {
    const view = scalarView(spec, { textbook: true });
    const w1 = view.params[0]!.symbol;
    const paths = view.gradient().paths(w1);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.map((l) => `${l.target.name}/${l.input.name}`)).toEqual(['\\mathcal{L}/\\hat{y}', '\\hat{y}/z_3', 'z_3/\\sigma_1', '\\sigma_1/z_1', 'z_1/W_1']);
    const env: Record<string, number> = { ...view.env(), ...r.symbols };
    const grads = Object.values(r.grad).flat(2) as number[];
    const closed = view.params.map((p) => view.closedForm(p.symbol));
    const order = view.params.map((p) => p.flat);
    evaluateMany(closed, env).forEach((v, i) => expect(Math.abs(v - grads[order[i]!]!)).toBeLessThan(1e-12));
    // ∂L/∂b_3 = ŷ − y, the textbook's simplification of BCE through a sigmoid
    expect(evaluateMany([view.closedForm(view.params[8]!.symbol)], env)[0]).toBeCloseTo(r.symbols['\\hat{y}']! - 0, 14);
  });

  it('the PyTorch-named API builds the same spec as the file', () => {
    const api = Sequential(
      Linear(2, 2, { weight: [[0.4352, 0.3545], [0.1951, 0.4835]], bias: [-0.1419, 0.0439] }),
      Sigmoid(),
      Linear(2, 1, { weight: [[-0.1725, 0.1129]], bias: [-0.3043] }),
      Sigmoid(),
    ).spec({ name: 'seed-2-2-1', loss: BCELoss(), optimizer: SGD({ lr: 1 }), data: { x: [[1, 1]], y: [[0]] } });
    expect(api).toEqual(spec);
  });

  it('`symgrad grad` prints the table and --json the reference numbers', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    expect(await main(['grad', SEED_FILE], io)).toBe(0);
    expect(out.join('\n')).toMatch(/0\.weight\[0\]\[0\]\s+W_1\s+0\.4352\s+-0\.0161600610759028\d*\s+0\.4513600610759028/);
    expect(out.join('\n')).toMatch(/loss after step 1: 0\.2804214083479/);
    out.length = 0;
    expect(await main(['grad', SEED_FILE, '--json', '--steps', '1'], io)).toBe(0);
    const j = JSON.parse(out.join('\n')) as { loss: number; grad: Record<string, unknown>; params_after: Record<string, unknown>; losses: number[] };
    expectClose(j.loss, ref.loss);
    for (const [k, v] of Object.entries(ref.grad)) expectClose(j.grad[KEY[k]!], v);
    for (const [k, v] of Object.entries(ref.after_one_sgd_step)) expectClose(j.params_after[KEY[k]!], v);
    expectClose(j.losses[0], ref.loss_after_one_step);
    // the shape: { loss, forward, grad, params_after, losses }, keyed by state_dict names
    // in PyTorch's nested shapes (extra keys: symbols, dtype)
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['loss', 'forward', 'grad', 'params_after', 'losses']));
    const shape = (t: unknown): number[] => (Array.isArray(t) ? [t.length, ...shape(t[0])] : []);
    for (const part of [j.grad, j.params_after]) {
      expect(Object.fromEntries(Object.entries(part).map(([k, v]) => [k, shape(v)]))).toEqual({
        '0.weight': [2, 2], '0.bias': [2], '2.weight': [1, 2], '2.bias': [1],
      });
    }
    expect(j.losses).toHaveLength(1);
    expect(err).toEqual([]);
  });
});
