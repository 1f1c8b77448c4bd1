/**
 * Shared by the float64-reference tests of this folder: a fixture's numbers (loss, gradients by
 * state_dict key, the losses and parameters after two steps), elementwise closeness, and one
 * `train` run and one compiled closure's run against them (gradient at the initial parameters, then
 * two steps).
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileGradient } from '../../src/compile/index.js';
import { train } from '../../src/nn/evaluate.js';
import type { NetworkSpec } from '../../src/nn/spec.js';

export interface Reference { loss: number; grad: Record<string, unknown>; losses: number[]; params_after: Record<string, unknown> }

export const reference = (name: string): Reference =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.reference.json`, import.meta.url), 'utf8')) as Reference;

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

export function close(actual: unknown, expected: unknown, tol = 1e-12): void {
  const [a, e] = [flat(actual), flat(expected)];
  expect(a.length).toBe(e.length);
  e.forEach((v, i) => expect(Math.abs(a[i]! - v), `element ${i}: ${a[i]} vs ${v}`).toBeLessThanOrEqual(tol));
}

/** The compiled closure of `view`: loss and gradient, then the parameters after two steps. */
export function compiledMatches(spec: NetworkSpec, ref: Reference, view: 'scalar' | 'matrix'): void {
  const c = compileGradient(spec, { view });
  const p = c.initialParams();
  const { x, y } = c.data();
  const g = new Float64Array(c.layout.paramCount);
  close(c.grad(p, x, y, g), ref.loss);
  for (const e of c.layout.params) close([...g.subarray(e.offset, e.offset + e.size)], ref.grad[e.key]);
  c.step(p, x, y);
  c.step(p, x, y);
  for (const e of c.layout.params) close([...p.subarray(e.offset, e.offset + e.size)], ref.params_after[e.key]);
}

/** `train` (the scalar view's symbolic gradient): loss, gradients, the losses and parameters after two steps. */
export function trainMatches(spec: NetworkSpec, ref: Reference): void {
  const r = train(spec, { steps: 2 });
  close(r.loss, ref.loss);
  for (const [k, g] of Object.entries(ref.grad)) close(r.grad[k], g);
  close(r.losses, ref.losses);
  for (const [k, p] of Object.entries(ref.params_after)) close(r.params_after[k], p);
}
