/**
 * Bad network files, one test per kind of mistake: each is refused with one line naming the
 * file, the line and the field path, `symgrad grad` exits with code 2 and prints nothing on
 * stdout (no partial table or JSON).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseNetwork } from '../../src/nn/load.js';
import { SymgradError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'symgrad-nn-'));

const GOOD = `name: t
layers:
  - {type: linear, in: 2, out: 2, weight: [[0.1, 0.2], [0.3, 0.4]], bias: [0.1, 0.2]}
  - {type: sigmoid}
  - {type: linear, in: 2, out: 1, weight: [[0.5, 0.6]], bias: [0.3]}
  - {type: sigmoid}
loss: {type: bce}
optimizer: {type: sgd, lr: 1}
data: {x: [[1, 1]], y: [[0]]}
`;

/** Run `symgrad grad` on the text; return stdout, stderr and the exit code. */
async function grad(text: string, name = 'net.yaml', extra: string[] = []) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['grad', file, ...extra], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('').replace(`${dir}/`, ''), file };
}

/** Expect a refusal whose one line is `net.yaml:LINE: FIELD: …` and matches `message`. */
async function refused(text: string, line: number, field: string, message: RegExp, name = 'net.yaml') {
  const r = await grad(text, name);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toContain(`symgrad grad: ${name}:${line}: ${field}: `);
  expect(r.err).toMatch(message);
  // the same SymgradError from the library
  let caught: unknown;
  try { parseNetwork(text, name); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(SymgradError);
  expect((caught as SymgradError).place).toMatchObject({ line, field });
}

const edit = (from: string, to: string) => {
  if (!GOOD.includes(from)) throw new Error(`test setup: '${from}' not in GOOD`);
  return GOOD.replace(from, to);
};

describe('bad network files', () => {
  it('the good file is accepted', async () => {
    const r = await grad(GOOD);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  it('missing field', async () => {
    await refused(edit('loss: {type: bce}\n', ''), 1, 'loss', /missing field 'loss'/);
    await refused(edit('in: 2, out: 1,', 'in: 2,'), 5, 'layers[2].out', /missing field 'out'/);
  });

  it('wrong weight shape', async () => {
    await refused(edit('weight: [[0.5, 0.6]]', 'weight: [[0.5, 0.6], [0.7, 0.8]]'), 5, 'layers[2].weight', /expected 1×2, got 2×2/);
  });

  it('ragged matrix row', async () => {
    await refused(edit('[[0.1, 0.2], [0.3, 0.4]]', '[[0.1, 0.2], [0.3]]'), 3, 'layers[0].weight[1]', /expected a row of 2 numbers, got 1/);
  });

  it('wrong bias length', async () => {
    await refused(edit('bias: [0.1, 0.2]', 'bias: [0.1]'), 3, 'layers[0].bias', /expected 2 numbers, got 1/);
  });

  it('`in` that does not match the previous layer', async () => {
    await refused(edit('in: 2, out: 1', 'in: 3, out: 1'), 5, 'layers[2].in', /expected 2 \(the width of the previous layer\), got 3/);
  });

  it('data that does not match the layers', async () => {
    await refused(edit('x: [[1, 1]]', 'x: [[1, 1, 1]]'), 9, 'data.x', /expected 2 columns to match layers\[0\]\.in, got 3/);
    await refused(edit('y: [[0]]', 'y: [[0, 1]]'), 9, 'data.y', /expected 1×1, got 1×2/);
    await refused(edit('y: [[0]]', 'y: [[0], [1]]'), 9, 'data.y', /expected 1×1, got 2×1/);
  });

  it('unknown layer, loss and optimizer types list the known ones', async () => {
    await refused(edit('- {type: sigmoid}', '- {type: sigmod}'), 4, 'layers[1].type', /unknown layer type 'sigmod' \(known: linear, sigmoid, tanh, relu, leaky_relu, softplus, identity, gelu, silu, mish, elu, selu, celu, softsign, hardtanh, relu6, hardsigmoid, hardswish, logsigmoid, prelu, tanhshrink, softmax, softmin, log_softmax, custom\)/);
    await refused(edit('{type: bce}', '{type: hinge}'), 7, 'loss.type', /unknown loss 'hinge' \(known: bce, bce_with_logits, mse, l1, huber, smooth_l1, soft_margin, poisson_nll, gaussian_nll, kl_div, cross_entropy, nll, multi_margin, custom\)/);
    await refused(edit('{type: sgd, lr: 1}', '{type: rmsprop, lr: 1}'), 8, 'optimizer.type', /unknown optimizer 'rmsprop' \(known: sgd, adam, adamw\)/);
    await refused(edit('{type: bce}', '{type: bce, reduction: none}'), 7, 'loss.reduction', /unknown reduction 'none' \(known: mean, sum\)/);
  });

  it('non-number', async () => {
    await refused(edit('[[0.5, 0.6]]', '[[0.5, abc]]'), 5, 'layers[2].weight[0][1]', /expected a number, got the string 'abc'/);
    await refused(edit('lr: 1', 'lr: "1"'), 8, 'optimizer.lr', /expected a number, got the string '1'/);
    await refused(edit('in: 2, out: 2', 'in: 2, out: 2.5'), 3, 'layers[0].out', /expected an integer, got 2.5/);
  });

  it('NaN and infinity, also as YAML .nan / .inf and in JSON', async () => {
    await refused(edit('bias: [0.3]', 'bias: [.nan]'), 5, 'layers[2].bias[0]', /NaN is not allowed \(\.nan\)/);
    await refused(edit('x: [[1, 1]]', 'x: [[1, -.inf]]'), 9, 'data.x[0][1]', /infinity is not allowed \(-\.inf\)/);
    await refused(edit('lr: 1', 'lr: NaN'), 8, 'optimizer.lr', /'NaN' is not allowed: expected a finite number/);
    const json = JSON.stringify({ layers: [{ type: 'linear', in: 1, out: 1, weight: [[1]], bias: [0] }], loss: 'mse', optimizer: 'sgd', data: { x: [[1]], y: [[2]] } }, null, 1)
      .replace('"weight": [\n    [\n     1', '"weight": [\n    [\n     1e999');
    expect(json).toContain('1e999');
    await refused(json, 9, 'layers[0].weight[0][0]', /infinity is not allowed \(1e999\)/, 'net.json');
  });

  it('class index out of range for cross_entropy', async () => {
    const text = edit('loss: {type: bce}', 'loss: {type: cross_entropy}').replace('y: [[0]]', 'y: [[1]]');
    await refused(text, 9, 'data.y[0][0]', /class index 1 is out of range for 1 classes \(0 to 0\)/);
    await refused(text.replace('y: [[1]]', 'y: [[0.5]]'), 9, 'data.y[0][0]', /expected an integer, got 0.5/);
  });

  it('bce targets outside [0, 1]', async () => {
    await refused(edit('y: [[0]]', 'y: [[2]]'), 9, 'data.y[0][0]', /bce targets must lie in \[0, 1\], got 2/);
  });

  it('unknown keys are named, with the keys allowed there', async () => {
    await refused(edit('{type: sgd, lr: 1}', '{type: sgd, learning_rate: 1}'), 8, 'optimizer.learning_rate', /unknown key 'learning_rate' \(known keys here: type, lr, momentum, dampening, nesterov, weight_decay\)/);
    await refused(edit('{type: sigmoid}', '{type: sigmoid, slope: 2}'), 4, 'layers[1].slope', /unknown key 'slope'/);
    await refused(`${GOOD}epochs: 3\n`, 10, 'epochs', /unknown key 'epochs'/);
  });

  it('duplicate keys', async () => {
    await refused(`${GOOD}loss: {type: mse}\n`, 10, 'loss', /duplicate key 'loss' \(first given on line 7\)/);
  });

  it('unparsable custom formulas and unknown variables in them', async () => {
    await refused(edit('- {type: sigmoid}', '- {type: custom, f: "x +* 2"}'), 4, 'layers[1].f', /cannot use formula 'x \+\* 2': syntax error at '\*'.*\(column 4 of the formula\)/);
    await refused(edit('loss: {type: bce}', 'loss: {type: custom, f: "(y - q)^2"}'), 7, 'loss.f', /unknown variable 'q'.*may use: y, yhat/);
  });

  it('invalid option combinations and ranges', async () => {
    await refused(edit('{type: sgd, lr: 1}', '{type: sgd, lr: 1, nesterov: true}'), 8, 'optimizer.nesterov', /nesterov needs momentum > 0 and dampening 0/);
    await refused(edit('{type: sgd, lr: 1}', '{type: adam, betas: [0.9, 1]}'), 8, 'optimizer.betas[1]', /must be less than 1, got 1/);
    await refused(edit('{type: bce}', '{type: huber, delta: 0}'), 7, 'loss.delta', /must be greater than 0, got 0/);
    await refused(edit('bias: [0.3]', 'bias: false, freeze: [bias]'), 5, 'layers[2].freeze[0]', /no bias to freeze/);
  });

  it('YAML syntax errors and unreadable files', async () => {
    const r = await grad('layers: [1, 2\nloss: bce\n');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^symgrad grad: net\.yaml:\d+:\d+: not valid YAML\/JSON/);
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(['grad', join(dir, 'missing.yaml')], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toMatch(/missing\.yaml: no such file/);
    expect(out).toEqual([]);
  });

  it('bad flags', async () => {
    const r = await grad(GOOD, 'net.yaml', ['--steps', 'many']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--steps: expected a whole number ≥ 0, got 'many'/);
    const r2 = await grad(GOOD, 'net.yaml', ['--bogus']);
    expect(r2.code).toBe(2);
    expect(r2.out).toBe('');
    expect(r2.err.trim()).toBe("symgrad grad: unknown option '--bogus' (see --help)");
    const r3 = await grad(GOOD, 'net.yaml', ['--steps', '-1']);
    expect(r3.code).toBe(2);
    expect(r3.err.trim().split('\n')).toHaveLength(1);
  });
});
