/**
 * A network using GELU, SiLU and ELU, one using the row layers Softmin and LogSoftmax (with
 * KL divergence) and a LogSoftmax/NLLLoss classifier reproduce PyTorch's float64 numbers to 1e-12: the loss,
 * every gradient and the parameters after two SGD-with-momentum steps, through `train` (the
 * symbolic gradient) and through the compiled closure of both views, and (in float32) GPU.js kernels. The expected numbers come
 * from a plain-Python float64 reference written from PyTorch's definitions
 * (fixtures/*_reference.py; their output is the committed fixture).
 */
import { describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { compileGradient } from '../../src/compile/index.js';
import { close, compiledMatches, reference, trainMatches } from './reference-check.js';

describe.each(['gelu-silu-elu', 'softmin-logsoftmax', 'logsoftmax-nll', 'prelu', 'weighted-ce', 'weighted-nll', 'bce-weights', 'bce-pos-weight', 'multi-margin', 'gaussian-nll', 'soft-ce'])('%s network against the float64 reference', (name) => {
  const spec = loadNetworkFile(`test/ops/fixtures/${name}.yaml`);
  const ref = reference(name);

  it('train: loss, gradients and parameters after two steps', () => {
    trainMatches(spec, ref);
  });

  it.each(['scalar', 'matrix'] as const)('compiled (%s view): loss, gradient and two steps', (view) => {
    compiledMatches(spec, ref, view);
  });

  it.each(['cpu', 'webasm'] as const)('GPU.js kernels (%s, float32 in the kernels, erf by its GPU form): loss and gradient to 1e-5', (gpuMode) => {
    const c = compileGradient(spec, { backend: 'gpu', gpuMode });
    const { x, y } = c.data();
    const g = new Float64Array(c.layout.paramCount);
    close(c.grad(c.initialParams(), x, y, g), ref.loss, 1e-5);
    for (const e of c.layout.params) close([...g.subarray(e.offset, e.offset + e.size)], ref.grad[e.key], 1e-5);
  });
});
