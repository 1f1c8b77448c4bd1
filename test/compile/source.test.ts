/**
 * The generated source itself: numbers print exactly (NaN, ±Infinity, −0 included), comments
 * cannot be broken out of, lowering computes each common subexpression once and evaluates like
 * the interpreter on random expressions, no user-supplied text reaches the code, and the
 * straight-line grad allocates nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { B, evaluateMany, symbol } from '../../src/expr/index.js';
import { compileGradient } from '../../src/compile/index.js';
import { commentText, numberLiteral } from '../../src/compile/literal.js';
import { lowerScalars, renderScalarJs, operandSource } from '../../src/compile/lower.js';
import { networkFromObject } from '../../src/nn/load.js';
import { arbExpr, arbPoint, VARS } from '../support/arb.js';
import { runs } from '../support/quick.js';

describe('numberLiteral', () => {
  it('reads back to the same float64, NaN, infinities and −0 included', () => {
    for (const v of [0, -0, 1, -1, 0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, NaN, Infinity, -Infinity, 0.4352]) {
      const back = new Function(`return -${numberLiteral(v)};`)() as number;
      expect(Object.is(-back, v) || (Number.isNaN(v) && Number.isNaN(back))).toBe(true);
    }
  });
  it('round-trips random doubles', () => {
    fc.assert(fc.property(fc.double(), (v) => Object.is(new Function(`return ${numberLiteral(v)};`)(), v)));
  });
});

describe('commentText', () => {
  it('cannot end a comment or a line', () => {
    const evil = 'a */ b\n c \r\u2028 d';
    const out = commentText(evil);
    expect(out).not.toMatch(/\*\/|[\n\r\u2028\u2029]/);
    expect(new Function(`/* ${out} */ // ${out}\nreturn 1;`)()).toBe(1);
  });
});

describe('lowerScalars', () => {
  it('computes each shared subexpression once', () => {
    const x = symbol('x');
    const s = B.sigmoid(B.mul(x, B.constant(2)));
    const block = lowerScalars([B.mul(s, s), B.sub(B.constant(1), s)], [x]);
    expect(block.instrs.filter((i) => i.op === 'sigmoid')).toHaveLength(1);
    expect(block.instrs).toHaveLength(4);
  });

  it('rendered code evaluates like evaluateMany on random expressions', () => {
    const inputs = VARS.map((v) => symbol(v));
    fc.assert(
      fc.property(fc.array(arbExpr, { minLength: 1, maxLength: 3 }), arbPoint, (roots, env) => {
        const block = lowerScalars(roots, inputs);
        const naming = { input: (i: number) => `i${i}`, local: (i: number) => `t${i}` };
        const body = [
          ...VARS.map((_, i) => `const i${i} = a[${i}];`),
          ...renderScalarJs(block, naming),
          `return [${block.outputs.map((o) => operandSource(o, naming)).join(', ')}];`,
        ].join('\n');
        const got = new Function('a', body)([env.x, env.y, env.z]) as number[];
        const want = evaluateMany(roots, env);
        want.forEach((w, i) => {
          const g = got[i]!;
          if (Number.isNaN(w)) expect(g).toBeNaN();
          else if (!Number.isFinite(w)) expect(g).toBe(w);
          else expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(w)));
        });
      }),
      { numRuns: runs(200), seed: 21 },
    );
  });
});

describe('no user text in generated code', () => {
  const evil = '"); process.exit(1); //';
  const net = {
    name: evil,
    layers: [
      { type: 'linear', in: 2, out: 3 },
      { type: 'custom', f: 'x*sigmoid(x) + 0.1' },
      { type: 'linear', in: 3, out: 2, bias: { shared: 0.5 } },
    ],
    loss: { type: 'custom', f: '0.5*(y - yhat)^2', reduction: 'sum' },
    optimizer: { type: 'adam', lr: 0.01 },
    data: { x: [[1, -1], [0.5, 2]], y: [[0, 1], [1, 0]] },
    seed: 3,
  };
  for (const view of ['scalar', 'matrix'] as const) {
    for (const backend of ['js', 'gpu'] as const) {
      it(`${backend} ${view}: compiles and runs; the source holds no name or formula`, () => {
        const spec = networkFromObject(net);
        const c = compileGradient(spec, { view, backend, ...(backend === 'gpu' ? { gpuMode: 'cpu' as const } : {}) });
        for (const s of [evil, 'process', 'exit', 'sigmoid(x)', 'yhat', '0.5*(']) expect(c.source).not.toContain(s);
        const p = c.initialParams();
        const { x, y } = c.data();
        const g = new Float64Array(c.layout.paramCount);
        expect(Number.isFinite(c.grad(p, x, y, g))).toBe(true);
        expect(g.some((v) => v !== 0)).toBe(true);
      });
    }
  }
});

describe('the straight-line grad', () => {
  it('is one function with no loops, no allocation and a comment on each computed line', () => {
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 2, out: 2 }, { type: 'tanh' }, { type: 'linear', in: 2, out: 1 }],
      loss: { type: 'mse' }, optimizer: { type: 'sgd', lr: 0.1 }, data: { x: [[1, 2]], y: [[3]] }, seed: 1,
    });
    const src = compileGradient(spec, { view: 'scalar' }).source;
    const grad = src.slice(src.indexOf('function grad'), src.indexOf('function step'));
    expect(grad).not.toMatch(/\bfor\b|\bnew\b|\[\]|\{\}/);
    for (const line of grad.split('\n').filter((l) => /^\s+const t\d+ =/.test(l))) expect(line).toMatch(/\/\/ t\d+ = /);
  });
});

describe('cross-entropy targets', () => {
  it('every backend rejects a class index out of range instead of reading past the row', () => {
    const spec = networkFromObject({
      layers: [{ type: 'linear', in: 2, out: 3 }], loss: { type: 'cross_entropy' },
      optimizer: { type: 'sgd', lr: 0.1 }, data: { x: [[1, 2]], y: [[1]] }, seed: 2,
    });
    for (const opts of [{ view: 'scalar' }, { view: 'matrix' }, { backend: 'gpu', gpuMode: 'cpu' }] as const) {
      const c = compileGradient(spec, opts);
      const g = new Float64Array(c.layout.paramCount);
      const p = c.initialParams();
      const x = Float64Array.from([1, 2]);
      expect(Number.isFinite(c.grad(p, x, Float64Array.from([2]), g))).toBe(true);
      for (const bad of [3, -1, 0.5, NaN]) expect(() => c.grad(p, x, Float64Array.from([bad]), g)).toThrow(RangeError);
    }
  });
});
