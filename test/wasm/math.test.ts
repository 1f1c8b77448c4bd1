/**
 * The module's own exp and tanh (src/compile/wasm/math.ts) against Math.exp and Math.tanh: a few
 * ulp over the whole range (random arguments at three scales), and the edges — NaN, ±∞, ±0, the
 * overflow threshold, the underflow cut at −708, the series boundary of tanh at 0.02.
 */
import { describe, expect, it } from 'vitest';
import { encodeModule } from '../../src/compile/wasm/encode.js';
import { expFunction, tanhFunction } from '../../src/compile/wasm/math.js';
import { mulberry32 } from '../../src/nn/init.js';

const bytes = encodeModule({ imports: [], memory: { pages: 1, shared: false }, funcs: [{ name: 'exp', code: expFunction() }, { name: 'tanh', code: tanhFunction(0) }] });
const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) } });
const { exp, tanh } = inst.exports as { exp: (x: number) => number; tanh: (x: number) => number };

describe('exp and tanh inside the module', () => {
  it('stay within a few ulp of Math over the range', () => {
    const next = mulberry32(7);
    let worstExp = 0, worstTanh = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = (next() - 0.5) * [1400, 40, 0.1][i % 3]!;
      const e = Math.exp(x);
      if (e > 1e-300 && e < Infinity) worstExp = Math.max(worstExp, Math.abs(exp(x) - e) / e);
      const t = Math.tanh(x);
      if (t !== 0) worstTanh = Math.max(worstTanh, Math.abs(tanh(x) - t) / Math.abs(t));
    }
    expect(worstExp).toBeLessThan(1e-15);
    expect(worstTanh).toBeLessThan(1e-14);
  });

  it('handle the edges like Math', () => {
    for (const x of [NaN, Infinity, -Infinity, 0, -0, 709.7, 709.78, 709.79, 710, -700, -708, 1e-20, -1e-20, 0.02, -0.0199999, 19.1, -25]) {
      const want = x < -708 ? 0 : Math.exp(x);
      expect(Object.is(exp(x), want) || Math.abs(exp(x) - want) <= 1e-15 * want).toBe(true);
      expect(Object.is(tanh(x), Math.tanh(x)) || Math.abs(tanh(x) - Math.tanh(x)) <= 1e-14 * Math.abs(Math.tanh(x))).toBe(true);
    }
    expect(exp(-745)).toBe(0); // Math.exp gives a subnormal (5e-324) there
  });
});
