/**
 * The scalar view's spelling options, which the documents (src/derive/network.ts) use to
 * write a hand calculation with the one builder: the last activation keeping its own name,
 * activations numbered per base, a softmax base, a bare single input, cross-entropy through its
 * probabilities p_k, and the loss summed term by term. Each option renames or regroups; none may
 * change a value, so each is checked against the default view's loss and gradient.
 */
import { describe, expect, it } from 'vitest';
import { scalarView, type ScalarOptions } from '../../src/nn/scalar.js';
import { networkFromObject } from '../../src/nn/load.js';
import { evaluate } from '../../src/expr/index.js';
import { SymgradError } from '../../src/errors.js';
import type { NetworkSpec } from '../../src/nn/spec.js';

const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

/** 𝓛 and every ∂𝓛/∂θ (written out in parameters and data) at the spec's values. */
function numbers(spec: NetworkSpec, opts: ScalarOptions): number[] {
  const v = scalarView(spec, opts);
  const env = v.env();
  return [evaluate(v.program.inline(v.loss), env), ...v.trainable.map((t) => evaluate(v.closedForm(t, { inline: true }), env))];
}

function expectSameNumbers(spec: NetworkSpec, opts: ScalarOptions): void {
  const a = numbers(spec, { textbook: true });
  const b = numbers(spec, { textbook: true, ...opts });
  expect(b).toHaveLength(a.length);
  b.forEach((x, i) => expect(Math.abs(x - a[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(a[i]!))));
}

const reluSigmoid = networkFromObject({
  layers: [{ type: 'linear', in: 2, out: 2, weight: [[0.3, -0.5], [0.4, 0.2]], bias: [0.1, -0.1] }, 'relu',
    { type: 'linear', in: 2, out: 2, weight: [[0.6, -0.8], [0.1, 0.2]], bias: [0.05, 0.1] }, 'sigmoid'],
  loss: 'bce', optimizer: 'sgd', data: { x: [[0.5, 0.2]], y: [[1, 0]] },
});

const classifier = networkFromObject({
  layers: [{ type: 'linear', in: 1, out: 3, weight: [[0.3], [0.4], [-0.2]], bias: [0.1, 0, -0.1] }, 'tanh',
    { type: 'linear', in: 3, out: 3, weight: [[0.6, -0.8, 0.1], [0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], bias: [0.05, 0.1, 0] }],
  loss: { type: 'cross_entropy', label_smoothing: 0.1 }, optimizer: 'sgd', data: { x: [[0.5], [-0.3]], y: [[2], [0]] },
});

describe('scalar view options', () => {
  it('keeps the last activation\'s name and numbers activations per base on request', () => {
    expect(names(scalarView(reluSigmoid).program.targets)).toEqual(['z_1', 'z_2', 'a_1', 'a_2', 'z_3', 'z_4', '\\hat{y}_1', '\\hat{y}_2', '\\mathcal{L}']);
    const kept = scalarView(reluSigmoid, { keepOutputNames: true });
    expect(names(kept.outputs[0]!)).toEqual(['\\sigma_3', '\\sigma_4']);
    const counted = scalarView(reluSigmoid, { keepOutputNames: true, countActivations: true });
    expect(names(counted.program.targets)).toEqual(['z_1', 'z_2', 'a_1', 'a_2', 'z_3', 'z_4', '\\sigma_1', '\\sigma_2', '\\mathcal{L}']);
    expect(names(counted.outputs[0]!)).toEqual(['\\sigma_1', '\\sigma_2']);
    expectSameNumbers(reluSigmoid, { keepOutputNames: true, countActivations: true });
  });

  it('sums the loss term by term with verbatimLossSum', () => {
    const lossOf = (opts: ScalarOptions) => {
      const v = scalarView(reluSigmoid, opts);
      return v.program.definition(v.loss)!;
    };
    const plain = lossOf({ textbook: true });
    const verbatim = lossOf({ textbook: true, verbatimLossSum: true });
    // BCE terms are −(…): the default sum rewrites ℓ_1 + (−t) as ℓ_1 − t, the verbatim one keeps ℓ_1 + ℓ_2
    expect(plain.op).toBe('div');
    expect(plain.args[0]!.op).toBe('sub');
    expect(verbatim.args[0]!.op).toBe('add');
    expect(verbatim.args[0]!.args[1]!.op).toBe('neg');
    expectSameNumbers(reluSigmoid, { verbatimLossSum: true });
  });

  it('writes cross-entropy through its softmax probabilities p_k', () => {
    const v = scalarView(classifier, { softmaxProbabilities: true, bareSingleInput: true });
    expect(names(v.probs.map((p) => p.target))).toEqual(['p_1^{(1)}', 'p_2^{(1)}', 'p_3^{(1)}', 'p_1^{(2)}', 'p_2^{(2)}', 'p_3^{(2)}']);
    expect(names(v.inputs.map((d) => d.symbol))).toEqual(['x^{(1)}', 'x^{(2)}']);
    expect(v.targets).toHaveLength(0);
    // the probabilities come right before 𝓛, which uses them
    expect(names(v.program.targets).slice(-7)).toEqual([...names(v.probs.map((p) => p.target)), '\\mathcal{L}']);
    expect(v.program.uses(v.loss).map((s) => s.name).sort()).toEqual(names(v.probs.map((p) => p.target)).sort());
    expect(scalarView(classifier).probs).toHaveLength(0);
    expectSameNumbers(classifier, { softmaxProbabilities: true });
  });

  it('refuses a class index outside the classes with the field path', () => {
    const bad = { ...classifier, data: { ...classifier.data, y: [[3], [0]] } };
    expect(() => scalarView(bad, { softmaxProbabilities: true })).toThrow(SymgradError);
    expect(() => scalarView(bad, { softmaxProbabilities: true })).toThrow(/class index in 0\.\.2, got 3/);
  });

  it('names a softmax layer with its own base', () => {
    const soft = networkFromObject({ layers: [{ type: 'linear', in: 1, out: 2 }, 'softmax'], loss: 'mse', optimizer: 'sgd', data: { x: [[1]], y: [[0, 1]] } });
    const v = scalarView(soft, { names: { softmax: 'p' }, keepOutputNames: true, bareSingleInput: true });
    expect(names(v.program.targets)).toEqual(['z_1', 'z_2', 'p_1', 'p_2', '\\mathcal{L}']);
    expect(names(v.inputs.map((d) => d.symbol))).toEqual(['x']);
  });

  it('writes the whole batch as one expression with run-time class symbols (the compiler\'s form)', () => {
    const v = scalarView(classifier, { inline: true, runtimeClasses: true });
    expect(names(v.program.targets)).toEqual(['\\mathcal{L}']);
    expect(names(v.targets.map((d) => d.symbol))).toEqual(['y^{(1)}', 'y^{(2)}']);
    expect(v.outputs[1]!.every((o) => o.op !== 'sym')).toBe(true);
    const env = v.env();
    expect(env['y^{(1)}']).toBe(2);
    const ref = scalarView(classifier);
    const want = evaluate(ref.program.inline(ref.loss), ref.env());
    expect(Math.abs(evaluate(v.program.definition(v.loss)!, env) - want)).toBeLessThan(1e-12);
    // another class read at run time changes the loss
    expect(Math.abs(evaluate(v.program.definition(v.loss)!, { ...env, 'y^{(1)}': 0 }) - want)).toBeGreaterThan(1e-6);
  });
});
