/**
 * Every catalog entry against its oracle, at the entry's own test points: an activation's and a
 * loss's engine derivative against central finite differences of its value; the textbook forms
 * (documents) against the PyTorch forms; a document's closed-form factor against the engine's
 * derivative; each fusion's factor against the derivative of the composite; and each optimizer
 * rule run on numbers (the reference) against the same rule run on Exprs (the compiler).
 * A new entry is checked here without editing this file.
 */
import { describe, expect, it } from 'vitest';
import { B, evaluate, type Expr } from '../../src/expr/index.js';
import { derivative } from '../../src/diff/index.js';
import {
  ACTIVATIONS, activationEntry, FUSIONS, LOSSES, lossEntry, OPTIMIZERS, type ActivationName, type LossName, type ParamDef,
} from '../../src/nn/catalog/index.js';
import { updateExprs, P, G, S1, S2, U } from '../../src/compile/optimizer.js';
import { makeOptimizer } from '../../src/nn/optim.js';
import type { OptimizerSpec } from '../../src/nn/spec.js';

const x = B.symbol('x');
const y = B.symbol('y');
const h = 1e-6;
const defaults = (params: Readonly<Record<string, ParamDef>>) => Object.fromEntries(Object.entries(params).map(([k, d]) => [k, d.default]));
const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a), Math.abs(b)));
/** Is t within h of a kink of f? (a point where the one-sided slopes differ) */
const fd = (f: (v: number) => number, v: number) => (f(v + h) - f(v - h)) / (2 * h);
const onKink = (f: (v: number) => number, v: number) => Math.abs((f(v + h) - f(v)) / h - (f(v) - f(v - h)) / h) > 1e-4;

describe('activations', () => {
  for (const name of Object.keys(ACTIVATIONS) as ActivationName[]) {
    const e = activationEntry(name);
    const p = defaults(e.params);
    // a trained tensor (PReLU's slope) at its initial value
    const w = e.learnable ? B.constant(e.learnable.init(p)) : undefined;
    it(`${name}: f′ from the op table agrees with finite differences, textbook and display forms with f`, () => {
      expect(e.testPoints.length).toBeGreaterThan(0);
      const f = e.f(x, p, false, w);
      const df = derivative(f, x);
      const val = (v: number) => evaluate(f, { x: v });
      for (const v of e.testPoints) {
        expect(Number.isFinite(val(v))).toBe(true);
        if (!onKink(val, v)) close(evaluate(df, { x: v }), fd(val, v), 1e-6);
        if (v < 19) close(evaluate(e.f(x, p, true, w), { x: v }), val(v), 1e-12);
        if (e.display) close(evaluate(e.display(x, p), { x: v }), val(v), 1e-12);
      }
    });
  }
  it('softplus follows nn.Softplus above its threshold: x itself, derivative exactly 1', () => {
    const f = activationEntry('softplus').f(x, { beta: 1, threshold: 20 }, false);
    expect(evaluate(f, { x: 25 })).toBe(25);
    expect(evaluate(derivative(f, x), { x: 25 })).toBe(1);
  });
});

describe('losses', () => {
  for (const name of Object.keys(LOSSES) as LossName[]) {
    const e = lossEntry(name);
    const p = defaults(e.params);
    it(`${name}: ∂ℓ/∂ŷ agrees with finite differences; the textbook form and the document's factor agree`, () => {
      const l = e.f(x, y, p, false);
      const dl = derivative(l, x);
      for (const [v, t] of e.testPoints) {
        const val = (u: number) => evaluate(l, { x: u, y: t });
        expect(Number.isFinite(val(v))).toBe(true);
        if (!onKink(val, v)) close(evaluate(dl, { x: v, y: t }), fd(val, v), 1e-6);
        if (Math.abs(v) < 20) close(evaluate(e.f(x, y, p, true), { x: v, y: t }), val(v), 1e-9);
        if (e.docLocal) close(evaluate(e.docLocal(x, y, p), { x: v, y: t }), evaluate(dl, { x: v, y: t }), 1e-9);
      }
    });
  }
});

describe('fusions', () => {
  const z = B.symbol('z');
  for (const [name, f] of Object.entries(FUSIONS)) {
    if (!('activation' in f) && f.loss === 'cross_entropy') continue; // the row fusion: test/matrix and test/compile
    it(`${name}: the fused factor is the derivative of the composite`, () => {
      const act = 'activation' in f ? activationEntry(f.activation as ActivationName).f(z, {}, false) : z;
      const loss = lossEntry(f.loss as LossName).f(act, y, {}, false);
      for (const [zv, yv] of [[-1.3, 0], [0.4, 1], [2.2, 0.3]] as const) {
        const env = { z: zv, y: yv };
        close(evaluate(f.grad(act, y, z), env), evaluate(derivative(loss, z), env), 1e-9);
      }
    });
  }
});

describe('optimizers: the rule on numbers (train) and on Exprs (compile) agree', () => {
  const specs: OptimizerSpec[] = [
    { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: false, weight_decay: 0.01 },
    { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weight_decay: 0 },
    { type: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.1 },
    { type: 'adamw', lr: 0.01, betas: [0.3, 0.99], eps: 1e-8, weight_decay: 0.01 },
  ];
  for (const o of specs) {
    it(`${o.type} ${JSON.stringify(o)}`, () => {
      expect(Object.keys(OPTIMIZERS)).toContain(o.type);
      const u = updateExprs(o);
      const opt = makeOptimizer(o, new Uint8Array([1]));
      const p = new Float64Array([0.7]);
      let sym = { p: 0.7, s1: 0, s2: 0 };
      const betas = o.type === 'sgd' ? [0, 0] : o.betas;
      for (let t = 1; t <= 4; t++) {
        const g = Math.sin(t) + 0.5 * p[0]!;
        const env = { [P.name]: sym.p, [G.name]: g, [S1.name]: sym.s1, [S2.name]: sym.s2,
          [U.first.name]: t === 1 ? 1 : 0, [U.bc1.name]: 1 - betas[0]! ** t, [U.bc2sqrt.name]: Math.sqrt(1 - betas[1]! ** t) };
        const out = u.outputs.map((e: Expr) => evaluate(e, env));
        sym = { p: out[0]!, s1: out[1] ?? 0, s2: out[2] ?? 0 };
        opt.step(p, [g]);
        expect(sym.p).toBe(p[0]);
      }
    });
  }
});
