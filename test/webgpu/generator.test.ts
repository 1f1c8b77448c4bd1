/**
 * The WGSL generator in Node, without a device: numbers become valid f32 expressions (NaN and
 * ±Infinity by bit pattern, never as an out-of-range literal); every kernel of random networks
 * is one well-formed module (balanced brackets, one compute entry point, the one storage
 * binding) whose identifiers all come from the generator's own vocabulary — names made from
 * indices, WGSL built-ins — so that no text from a network file (names, formulas) can reach a
 * shader; memory regions are disjoint; products read transposed operands in place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerMatrixView } from '../../src/compile/tensor.js';
import { planWebgpu } from '../../src/compile/webgpu/kernels.js';
import { u32, wgslNumber } from '../../src/compile/webgpu/wgsl.js';
import { webgpuSource } from '../../src/compile/index.js';
import { networkFromObject } from '../../src/nn/load.js';
import { matrixView } from '../../src/nn/matrix/index.js';
import { paramLayout } from '../../src/nn/params.js';
import type { NetworkSpec } from '../../src/nn/spec.js';
import { arbNetwork } from '../compile/nets.js';
import { runs } from '../support/quick.js';

const plan = (spec: NetworkSpec, batch = spec.data.x.length) => planWebgpu(lowerMatrixView(spec, matrixView(spec), paramLayout(spec), batch), ['header']);

// WGSL keywords, types and built-ins the generator writes, and its own fixed local names.
const VOCABULARY = new Set(
  ('fn let var return if for select exp log sqrt abs sign pow floor max min f32 u32 vec3 vec4 array bitcast ' +
    'workgroupBarrier storage read_write workgroup group binding compute workgroup_size builtin ' +
    'global_invocation_id workgroup_id local_invocation_id local_invocation_index main m k r c q e l u v x b a t ' +
    'acc part s mx sum se lse gi gq i j i0 j0 k0 c0 c1 c2 c3 ta tb wg lid li gid y z w xyzw ' +
    // WGSL built-ins that the op table's functions render to (src/compile/webgpu/wgsl.ts)
    'sin cos tan asin acos atan atan2 sinh cosh asinh acosh atanh log2 exp2 ceil round trunc').split(' '),
);

function identifiers(code: string): string[] {
  const noComments = code.replace(/\/\/[^\n]*/g, '');
  const noNumbers = noComments.replace(/(?<![A-Za-z_0-9])\d[0-9a-fA-FxXuU.eE]*(?:[+-]\d+)?/g, ' ');
  return noNumbers.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

function balanced(code: string): boolean {
  const text = code.replace(/\/\/[^\n]*/g, '');
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const ch of text) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

describe('WGSL numbers', () => {
  it('prints finite f32 values as float literals and the rest by bit pattern', () => {
    expect(wgslNumber(1)).toBe('1.0');
    expect(wgslNumber(0.1)).toBe('0.1');
    expect(wgslNumber(-2)).toBe('(-2.0)');
    expect(wgslNumber(-0)).toBe('(-0.0)');
    expect(wgslNumber(1e-7)).toBe('1e-7');
    expect(wgslNumber(1e300)).toBe('sg_bits(0x7f800000u)');
    expect(wgslNumber(-Infinity)).toBe('sg_bits(0xff800000u)');
    expect(wgslNumber(NaN)).toBe('sg_bits(0x7fc00000u)');
    expect(wgslNumber(3e38)).toBe('3e+38');
    expect(() => u32(1.5)).toThrow();
    expect(() => u32(-1)).toThrow();
    expect(() => u32(2 ** 32)).toThrow();
  });
});

describe('generated kernels', () => {
  it('are well-formed modules built from the generator vocabulary, on random networks', () => {
    fc.assert(
      fc.property(arbNetwork, (spec) => {
        const p = plan(spec);
        for (const k of [...p.grad, ...p.update]) {
          expect(balanced(k.code)).toBe(true);
          expect(k.code.match(/@compute/g)).toHaveLength(1);
          expect(k.code.match(/fn main\(/g)).toHaveLength(1);
          expect(k.code).toContain('@group(0) @binding(0) var<storage, read_write> m: array<f32>;');
          for (const id of identifiers(k.code)) {
            expect(VOCABULARY.has(id) || /^[ti]\d+$/.test(id) || /^sg_[a-z0-9]+$/.test(id), `identifier ${id}`).toBe(true);
          }
          expect(k.groups.every((g) => Number.isInteger(g) && g >= 1 && g <= 65535)).toBe(true);
          expect(/[^\x09\x0a\x20-\x7e]/.test(k.code.replace(/\/\/[^\n]*/g, ''))).toBe(false);
        }
      }),
      { numRuns: runs(15), seed: 7 },
    );
  });

  it('carry no text from the network file', () => {
    const spec = networkFromObject({
      name: 'Zebra*/ }; fn evil() {',
      seed: 1,
      layers: [{ type: 'linear', in: 2, out: 3 }, { type: 'custom', f: 'x*sigmoid(x)' }, { type: 'linear', in: 3, out: 1 }],
      loss: { type: 'custom', f: '0.5*(y - yhat)^2', reduction: 'sum' },
      optimizer: { type: 'adam', lr: 0.01 },
      data: { x: [[1, 2]], y: [[0.5]] },
    });
    const src = webgpuSource(spec);
    expect(src).not.toMatch(/Zebra|evil|yhat|sigmoid\(x\)/);
    expect(src).toContain('@compute');
  });

  it('lay memory out in disjoint regions and read transposed operands in place', () => {
    const spec = networkFromObject({
      seed: 3,
      layers: [{ type: 'linear', in: 5, out: 70 }, { type: 'tanh' }, { type: 'linear', in: 70, out: 3 }],
      loss: { type: 'cross_entropy' },
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
      data: { x: [[1, 2, 3, 4, 5], [0, 1, 0, 1, 0]], y: [[2], [0]] },
    });
    const p = plan(spec);
    const m = p.memory;
    const starts = [m.param, m.grad, m.x, m.y, ...m.work, ...m.state, m.size];
    for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThanOrEqual(starts[i - 1]!);
    expect(m.param).toBeGreaterThanOrEqual(4);
    // δᵀ·A and δ·W: no transpose kernels, the products' tiles read the stored matrices.
    expect(p.grad.filter((k) => /transpose|\^T/.test(k.note) && !k.code.includes('var<workgroup> ta'))).toHaveLength(0);
    expect(p.grad.filter((k) => k.code.includes('var<workgroup> ta')).length).toBeGreaterThanOrEqual(4);
    // A 70-wide product needs two tiles of 64 columns.
    expect(p.grad.some((k) => k.code.includes('var<workgroup> ta') && k.groups[0] === 2)).toBe(true);
    expect(p.classChecks).toEqual([{ offset: 0, rows: 2, classes: 3 }]);
  });
});
