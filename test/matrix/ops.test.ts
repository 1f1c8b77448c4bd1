/**
 * The tensor op table, op by op: each differentiable op's VJP rule (through the one reverse
 * driver) against central finite differences of L = Σ R ⊙ op(…) with a random R, so the adjoint
 * reaching the op is not all ones. Also: shape errors, interning, and the LaTeX of transposes.
 */
import { describe, expect, it } from 'vitest';
import * as E from '../../src/expr/build.js';
import { SymgradError } from '../../src/errors.js';
import { T, C, TOP_NAMES, classTargets, prepareTargets, P0, P1, P2, run, schedule, tensorGradient, transposeLatex, type Mat, type TNode, type TOpName } from '../../src/nn/matrix/index.js';
import { coef } from '../../src/nn/matrix/coef.js';
import { rng } from './nets.js';

type Dims = readonly [number | 'B', number | 'B'];
const BATCH = 3;

/** ∂L/∂P by the driver and by central differences, for L = Σ R ⊙ build(P…). */
function check(shapes: readonly Dims[], build: (p: TNode[]) => TNode, seed: number, positive = false): void {
  const r = rng(seed);
  const ps = shapes.map((s, i) => T.param(`p${i}`, `P_${i}`, s));
  const out = build(ps);
  const R = T.input(`R${seed}`, 'R', out.shape);
  const L = T.sum(T.mul(R, out));
  const size = (s: readonly (number | 'B')[]) => s.map((d) => (d === 'B' ? BATCH : d)) as [number, number];
  const vals = new Map<TNode, Mat>();
  for (const n of [...ps, R]) {
    const [rows, cols] = size(n.shape);
    vals.set(n, { rows, cols, data: new Float64Array(rows * cols).map(() => (positive ? 0.5 + r() : r() * 2 - 1)) });
  }
  const g = tensorGradient(L, ps);
  const values = run(schedule([L, ...g.of.values()]), (leaf) => vals.get(leaf)!, BATCH);
  const lossAt = () => run(schedule([L]), (leaf) => vals.get(leaf)!, BATCH).get(L)!.data[0]!;
  const h = 1e-6;
  for (const p of ps) {
    const data = vals.get(p)!.data;
    const grad = values.get(g.of.get(p)!)!.data;
    for (let k = 0; k < data.length; k++) {
      const x = data[k]!;
      data[k] = x + h;
      const up = lossAt();
      data[k] = x - h;
      const down = lossAt();
      data[k] = x;
      expect(Math.abs(grad[k]! - (up - down) / (2 * h))).toBeLessThan(1e-6 * (1 + Math.abs(grad[k]!)));
    }
  }
}

const CASES: ReadonlyArray<{ name: string; ops: TOpName[]; shapes: Dims[]; build: (p: TNode[]) => TNode; positive?: boolean }> = [
  { name: 'A B', ops: ['matmul'], shapes: [['B', 4], [4, 2]], build: ([a, b]) => T.matmul(a!, b!) },
  { name: 'A Bᵀ', ops: ['matmul'], shapes: [['B', 4], [2, 4]], build: ([a, b]) => T.matmul(a!, b!, false, true) },
  { name: 'Aᵀ B', ops: ['matmul'], shapes: [[4, 'B'], [4, 2]], build: ([a, b]) => T.matmul(a!, b!, true, false) },
  { name: 'Aᵀ Bᵀ', ops: ['matmul'], shapes: [[4, 2], [3, 4]], build: ([a, b]) => T.matmul(a!, b!, true, true) },
  { name: 'Z + b', ops: ['ew'], shapes: [['B', 3], [1, 3]], build: ([z, b]) => T.addBias(z!, b!) },
  { name: 'Z + shared b', ops: ['ew'], shapes: [['B', 3], [1, 1]], build: ([z, b]) => T.addBias(z!, b!) },
  { name: 'a + b, a − b, a ⊙ b', ops: ['ew'], shapes: [['B', 2], ['B', 2]], build: ([a, b]) => T.mul(T.add(a!, b!), T.sub(a!, b!)) },
  { name: 'a / b', ops: ['ew'], shapes: [['B', 2], ['B', 2]], build: ([a, b]) => T.div(a!, b!), positive: true },
  { name: 'c · a', ops: ['ew'], shapes: [['B', 2]], build: ([a]) => T.scale(a!, coef(-3, 2, -1)) },
  { name: 'σ(a)', ops: ['ew'], shapes: [['B', 3]], build: ([a]) => T.map(a!, E.sigmoid(P0), P0, 'sigmoid', '\\sigma\\left(#1\\right)') },
  { name: 'a·tanh(a)', ops: ['ew'], shapes: [['B', 3]], build: ([a]) => T.map(a!, E.mul(P0, E.tanh(P0)), P0, 'c', 'f\\left(#1\\right)') },
  { name: 'f(a, b)', ops: ['ew'], shapes: [['B', 2], ['B', 2]], build: ([a, b]) => T.map2(a!, b!, E.mul(E.exp(P0), E.pow(P1, E.constant(3))), [P0, P1], 'g', 'g\\left(#1, #2\\right)') },
  { name: 'softmax (composite, its fusion rule)', ops: ['ew', 'reduce'], shapes: [['B', 4]], build: ([a]) => C.softmax(a!) },
  { name: 'log-softmax (composite, its fusion rule)', ops: ['ew', 'reduce'], shapes: [['B', 4]], build: ([a]) => C.logSoftmax(a!) },
  { name: 'Σ, row and column sums', ops: ['reduce', 'bcast'], shapes: [['B', 3], ['B', 3], ['B', 3]],
    build: ([a, b, c]) => T.add(T.add(T.bcast(T.sum(a!), ['B', 3]), T.bcast(T.rowsum(b!), ['B', 3])), T.bcast(T.colsum(c!), ['B', 3])) },
  { name: 'row maximum', ops: ['reduce'], shapes: [['B', 4]], build: ([a]) => T.bcast(T.rowmax(a!), ['B', 4]) },
  { name: 'f(a, column, row) with broadcasting', ops: ['ew'], shapes: [['B', 3], ['B', 1], [1, 3]],
    build: ([a, c, r]) => T.ew([a!, c!, r!], E.mul(E.exp(E.sub(P0, P1)), P2), [P0, P1, P2], { tag: 'g3', label: 'g\\left(#1, #2, #3\\right)' }) },
];

describe('tensor op table', () => {
  CASES.forEach((c, i) => {
    it(`VJP of ${c.name}`, () => check(c.shapes, c.build, 100 + i, c.positive));
  });

  it('VJP of cross entropy (targets prepared from class indices)', () => {
    const z = T.param('z', 'Z', ['B', 4]);
    const cls = T.input('cls', 'c', ['B', 1]);
    const q = classTargets(cls, 4, 0.2);
    const L = T.sum(C.crossEntropy(z, q));
    const g = tensorGradient(L, [z]).of.get(z)!;
    const zv: Mat = { rows: BATCH, cols: 4, data: Float64Array.from({ length: 12 }, (_, k) => Math.sin(k)) };
    const qv = prepareTargets(q.attr.prep!, { rows: BATCH, cols: 1, data: Float64Array.of(0, 3, 1) });
    // Q = (1 − ε) onehot + ε/C with ε = 0.2, C = 4, classes 0, 3, 1
    expect(Array.from(qv.data)).toEqual(Array.from({ length: 12 }, (_, k) => (k % 4 === [0, 3, 1][Math.floor(k / 4)]! ? 0.8 + 0.05 : 0.05)));
    const bind = (n: TNode) => (n === z ? zv : qv);
    const grad = run(schedule([g]), bind, BATCH).get(g)!.data;
    for (let k = 0; k < 12; k++) {
      const x = zv.data[k]!;
      zv.data[k] = x + 1e-6;
      const up = run(schedule([L]), bind, BATCH).get(L)!.data[0]!;
      zv.data[k] = x - 1e-6;
      const down = run(schedule([L]), bind, BATCH).get(L)!.data[0]!;
      zv.data[k] = x;
      expect(grad[k]!).toBeCloseTo((up - down) / 2e-6, 7);
    }
  });

  it('every differentiable op is covered', () => {
    const covered = new Set(CASES.flatMap((c) => c.ops));
    const leaves = ['input', 'param', 'fill'];
    expect(TOP_NAMES.filter((op) => !leaves.includes(op) && !covered.has(op))).toEqual([]);
  });

  it('reports shape mismatches while building', () => {
    const a = T.param('a', 'A', ['B', 3]);
    const w = T.param('w', 'W', [2, 4]);
    expect(() => T.matmul(a, w, false, true)).toThrow(SymgradError);
    expect(() => T.matmul(a, w, false, true)).toThrow('matrix product: shape mismatch, B×3 · 2×4ᵀ');
    expect(() => T.add(a, T.param('c', 'C', ['B', 2]))).toThrow('+: shape mismatch, B×3 and B×2');
    expect(() => T.addBias(a, T.param('b', 'b', [1, 2]))).toThrow('bias: shape mismatch, 1×2 bias for B×3');
    expect(() => T.bcast(T.param('r', 'r', [2, 1]), ['B', 3])).toThrow(SymgradError);
  });

  it('interns nodes: equal structure is the same object', () => {
    const x = T.input('X', 'X', ['B', 2]);
    const w = T.param('0.weight', 'W^{(1)}', [3, 2]);
    expect(T.matmul(x, w, false, true)).toBe(T.matmul(x, w, false, true));
    expect(T.matmul(x, T.param('w2', 'W', [2, 3]))).not.toBe(T.matmul(x, w, false, true));
    expect(T.scale(T.scale(x, coef(2)), coef(1, 2))).toBe(x);
  });

  it('prints transposes without double superscripts', () => {
    expect(transposeLatex('W^{(1)}')).toBe('W^{(1)\\top}');
    expect(transposeLatex('X')).toBe('X^\\top');
    expect(transposeLatex('\\delta_{2}')).toBe('\\delta_{2}^\\top');
    expect(transposeLatex('\\left(A + B\\right)')).toBe('\\left(A + B\\right)^\\top');
  });
});
