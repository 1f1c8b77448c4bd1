/**
 * The composites (softmax, log-softmax, cross-entropy written with structural ops): the pattern
 * finds them and nothing else; the interpreter's values equal a float64 reference written out
 * here; each fusion rule's derivative equals the node-by-node chain rule through the structural
 * ops (row max included) and central finite differences; the compiler lowers each as one row step.
 */
import { describe, expect, it } from 'vitest';
import * as E from '../../src/expr/build.js';
import { C, T, P0, P1, classTargets, compositeOf, prepareTargets, run, schedule, tensorGradient, type Mat, type TNode } from '../../src/nn/matrix/index.js';
import { compileGradient } from '../../src/compile/index.js';
import { networkFromObject } from '../../src/nn/load.js';

const BATCH = 3;
const Z: Mat = { rows: BATCH, cols: 4, data: Float64Array.of(0.3, -1.2, 2.5, 0.1, 40, 41, -3, 40, -0.5, -0.5, -0.5, -0.5) };
const CLS: Mat = { rows: BATCH, cols: 1, data: Float64Array.of(2, 1, 0) };

/** Row by row, by hand: log_softmax_c = z_c − m − log Σ_j e^{z_j − m}. */
function refLogSoftmax(z: Mat): number[] {
  const out: number[] = [];
  for (let r = 0; r < z.rows; r++) {
    const row = Array.from(z.data.subarray(r * z.cols, (r + 1) * z.cols));
    const m = Math.max(...row);
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    out.push(...row.map((v) => v - m - lse));
  }
  return out;
}

const z = T.param('z', 'Z', ['B', 4]);
const cls = T.input('cls', 'c', ['B', 1]);
const q = classTargets(cls, 4, 0.1);
const Q = prepareTargets(q.attr.prep!, CLS);
const bind = (vals: Map<TNode, Mat>) => (n: TNode) => vals.get(n)!;

describe('composites', () => {
  it('the pattern recognises each composite with its inputs, and not a near miss', () => {
    expect(compositeOf(C.softmax(z))).toEqual({ name: 'softmax', inputs: [z] });
    expect(compositeOf(C.logSoftmax(z))).toEqual({ name: 'log_softmax', inputs: [z] });
    expect(compositeOf(C.crossEntropy(z, q))).toEqual({ name: 'xent', inputs: [z, q] });
    // e^{Z − max(W)} / Σ: shifted by another matrix's maximum, so not softmax(Z)
    const w = T.param('w', 'W', ['B', 4]);
    const e = T.ew([z, T.rowmax(w)], E.exp(E.sub(P0, P1)), [P0, P1], { tag: 'e', label: 'e^{#1 - #2}' });
    expect(compositeOf(T.ew([e, T.rowsum(e)], E.div(P0, P1), [P0, P1], { tag: 'q', label: '\\frac{#1}{#2}' }))).toBeUndefined();
    expect(compositeOf(T.rowsum(z))).toBeUndefined();
  });

  it('evaluates to the float64 reference', () => {
    const vals = new Map<TNode, Mat>([[z, Z], [q, Q]]);
    const nodes = [C.softmax(z), C.logSoftmax(z), C.crossEntropy(z, q)];
    const got = run(schedule(nodes), bind(vals), BATCH);
    const lsm = refLogSoftmax(Z);
    lsm.forEach((v, i) => {
      expect(got.get(nodes[1]!)!.data[i]).toBeCloseTo(v, 13);
      expect(got.get(nodes[0]!)!.data[i]).toBeCloseTo(Math.exp(v), 14);
    });
    for (let r = 0; r < BATCH; r++) {
      const ce = -[0, 1, 2, 3].reduce((s, c) => s + Q.data[r * 4 + c]! * lsm[r * 4 + c]!, 0);
      expect(got.get(nodes[2]!)!.data[r]).toBeCloseTo(ce, 12);
    }
  });

  const R: Mat = { rows: BATCH, cols: 4, data: Float64Array.from({ length: 12 }, (_, k) => Math.cos(3 * k)) };
  const r = T.input('R', 'R', ['B', 4]);
  const cases: Array<[string, TNode]> = [
    ['softmax', T.sum(T.mul(r, C.softmax(z)))],
    ['log-softmax', T.sum(T.mul(r, C.logSoftmax(z)))],
    ['cross-entropy', T.sum(C.crossEntropy(z, q))],
  ];
  for (const [name, L] of cases) {
    it(`${name}: the fusion rule equals the node-by-node chain rule and finite differences`, () => {
      const vals = new Map<TNode, Mat>([[z, { ...Z, data: Z.data.slice() }], [q, Q], [r, R]]);
      const fused = tensorGradient(L, [z]).of.get(z)!;
      const plain = tensorGradient(L, [z], { rules: false }).of.get(z)!;
      expect(plain).not.toBe(fused);
      const out = run(schedule([fused, plain]), bind(vals), BATCH);
      const at = () => run(schedule([L]), bind(vals), BATCH).get(L)!.data[0]!;
      const data = vals.get(z)!.data;
      for (let k = 0; k < 12; k++) {
        const g = out.get(fused)!.data[k]!;
        expect(Math.abs(g - out.get(plain)!.data[k]!)).toBeLessThan(1e-12);
        const x = data[k]!;
        data[k] = x + 1e-6;
        const up = at();
        data[k] = x - 1e-6;
        const down = at();
        data[k] = x;
        expect(Math.abs(g - (up - down) / 2e-6)).toBeLessThan(1e-6);
      }
    });
  }

  it('compiles cross-entropy and its softmax as one row step each', () => {
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 2, out: 3 }, 'relu', { type: 'linear', in: 3, out: 3 }],
      loss: { type: 'cross_entropy', label_smoothing: 0.1 }, optimizer: 'sgd', data: { x: [[1, 2], [0, -1]], y: [[2], [0]] },
    });
    const src = compileGradient(spec, { view: 'matrix' }).source;
    expect(src.match(/cross-entropy of each row/g)).toHaveLength(1);
    expect(src.match(/\(softmax\) by rows/g)).toHaveLength(1);
    expect(src.match(/smoothed one-hot targets/g)).toHaveLength(1);
    expect(src).not.toMatch(/rowmax|map3/);
  });
});
