/**
 * A model inferred from the document itself, when there is no `--model` and no PyTorch code:
 * the weights and biases it states (`w_1 = 0.15`, `w_{1,2} = 0.3`, in prose, a table or a
 * formula's substitution), the input and target (`x_1`, `i_1`; `y`, `t_1`, `T_1`, `target`), the
 * learning rate (`η`, `α`, `lr`), and the architecture the text names: layer sizes from the
 * counts of inputs, targets and weights (no hidden layer, or one), the activation named in the text
 * or recognisable in its formulas (sigmoid / logistic / `1/(1+e^{-z})`, ReLU, tanh; the output
 * unit the same or linear), the loss (`½(y − ŷ)²` summed, the mean squared error, binary
 * cross-entropy). Every reading that fits the names (weights numbered row by row or column by
 * column, two-index conventions of pairs.ts, biases per layer or per unit, none when none are
 * stated) is built and run, and kept only if it reproduces the document's own printed forward
 * values (pre-activations, activations, outputs, the loss) within the author's rounding: at
 * least two of them and at least half. Two readings that both do so but predict differently
 * make the model ambiguous: no truth checks, and a note says why. The inferred model is stated
 * as a note.
 */
import { SymgradError } from '../errors.js';
import { networkFromObject } from '../nn/load.js';
import { bindSymbols } from './bind.js';
import type { ModelInfo } from './model.js';
import { parsePartial } from './names.js';
import { CONVENTIONS, pairName, place, type Convention } from './pairs.js';
import { buildTruth, type Truth } from './truth.js';
import { slack, type Known } from './values.js';

const ONE = /^[wW]_\{?(\d+)\}?$/;
const NOT_FORWARD = /^([wWbxiytXY]|T|\\(alpha|eta|beta|epsilon)|target|lr)(_|\^|$)/;

type Claims = ReadonlyMap<string, Known>;

/** x_1…x_n (or i_1…), y / y_1…y_m (or t, T, target): the sample the document works on. */
function series(claims: Claims, bases: readonly string[]): number[] | undefined {
  for (const base of bases) {
    const out: number[] = [];
    for (let k = 1; claims.has(`${base}_${k}`) || claims.has(`${base}_{${k}}`); k++) out.push((claims.get(`${base}_${k}`) ?? claims.get(`${base}_{${k}}`))!.value);
    if (out.length > 0) return out;
    if (claims.has(base)) return [claims.get(base)!.value];
  }
  return undefined;
}

interface Candidate { spec: unknown; what: string; pairs?: Convention; hasLoss: boolean }

const has = (text: string, re: RegExp) => re.test(text);

/** The activations the text names (hidden units; the output the same, or linear). */
function activations(text: string): string[] {
  const out: string[] = [];
  if (has(text, /sigmoid|logistic|시그모이드|S型|\\sigma\b|σ|\\frac\{1\}\{1\s*\+\s*e\^\{-|1\s*\/\s*\(1\s*\+\s*e/i)) out.push('sigmoid');
  if (has(text, /\brelu\b/i)) out.push('relu');
  if (has(text, /\btanh\b/i)) out.push('tanh');
  return out;
}

/** The losses the text names or writes. */
function losses(text: string): Array<{ loss: unknown; what: string }> {
  const out: Array<{ loss: unknown; what: string }> = [];
  if (has(text, /½|\\frac\{1\}\{2\}|\\tfrac12|1\/2|0\.5\s*[×*(]|squared|MSE|평균\s*제곱|제곱\s*오차|均方|平方/i)) {
    out.push({ loss: { type: 'custom', f: '0.5*(yhat - y)^2', reduction: 'sum' }, what: '½Σ(y − ŷ)²' });
    out.push({ loss: { type: 'mse' }, what: 'the mean squared error' });
  }
  if (has(text, /cross[- ]?entropy|교차\s*엔트로피|交叉熵|\\log|\\ln/i)) out.push({ loss: { type: 'bce' }, what: 'binary cross-entropy' });
  return out;
}

/** Per layer: a weight matrix (out × in) from the document's weights, under each reading. */
function weightReadings(claims: Claims, sizes: readonly number[]): Array<{ weights: number[][][]; what: string; pairs?: Convention }> {
  const shapes = sizes.slice(1).map((out, k) => ({ key: 2 * k, rows: out, cols: sizes[k]! }));
  const total = shapes.reduce((n, s) => n + s.rows * s.cols, 0);
  const one = [...claims.keys()].filter((n) => ONE.test(n));
  const two = [...claims.keys()].map(pairName).filter((p) => p !== undefined);
  const out: Array<{ weights: number[][][]; what: string; pairs?: Convention }> = [];
  if (one.length === total && two.length === 0) {
    const value = (k: number) => claims.get(one.find((n) => Number(ONE.exec(n)![1]) === k) ?? '')?.value;
    if (one.every((n) => Number(ONE.exec(n)![1]) <= total)) {
      // Each layer numbered row by row (by output unit) or column by column (by input unit).
      const combos = shapes.reduce<boolean[][]>((acc) => acc.flatMap((c) => [[...c, true], [...c, false]]), [[]]);
      for (const rowWise of combos) {
        let k = 1;
        const weights = shapes.map((s, l) => {
          const m = Array.from({ length: s.rows }, () => new Array<number>(s.cols).fill(0));
          for (let a = 0; a < (rowWise[l] ? s.rows : s.cols); a++) for (let b = 0; b < (rowWise[l] ? s.cols : s.rows); b++) {
            const v = value(k++)!;
            if (rowWise[l]) m[a]![b] = v; else m[b]![a] = v;
          }
          return m;
        });
        out.push({ weights, what: `w_1…w_${total} numbered ${rowWise.map((r, l) => `${r ? 'by output unit' : 'by input unit'} in layer ${l + 1}`).join(', ')}` });
      }
    }
  }
  if (two.length === total && one.length === 0) {
    for (const c of CONVENTIONS) {
      const placed = place(two, shapes, c);
      if (!placed) continue;
      const weights = shapes.map((s) => Array.from({ length: s.rows }, () => new Array<number>(s.cols).fill(NaN)));
      for (const [n, p] of placed) weights[p.k]![p.row]![p.col] = claims.get(n)!.value;
      if (weights.every((m) => m.every((r) => r.every((v) => !Number.isNaN(v))))) out.push({ weights, what: 'two-index weights', pairs: c });
    }
  }
  return out;
}

/** Biases: none stated; one per layer (b_1, b_2); one per unit; a lone b for a one-layer net. */
function biasReadings(claims: Claims, sizes: readonly number[]): Array<{ bias: unknown[]; what: string }> {
  const layers = sizes.length - 1;
  const named = [...claims.keys()].filter((n) => /^b(_\{?\d+\}?)?$/.test(n));
  const at = (k: number) => (claims.get(`b_${k}`) ?? claims.get(`b_{${k}}`))?.value;
  // A bias vector per layer (b_1 = [0.35; 0.35] gives b_1_1, b_1_2; b^{(1)} likewise).
  const perLayer = (l: number, k: number) => (claims.get(`b_${l}_${k}`) ?? claims.get(`b^{(${l})}_${k}`))?.value;
  const vectors = sizes.slice(1).map((n, l) => Array.from({ length: n }, (_, k) => perLayer(l + 1, k + 1)));
  if (vectors.every((v) => v.every((b) => b !== undefined))) return [{ bias: vectors, what: 'a bias vector per layer' }];
  if (named.length === 0) return [{ bias: new Array(layers).fill(false), what: 'no bias' }];
  if (named.length === 1 && named[0] === 'b' && layers === 1) return [{ bias: [[claims.get('b')!.value]], what: 'bias b' }];
  const out: Array<{ bias: unknown[]; what: string }> = [];
  if (named.length === layers && named.every((n, k) => at(k + 1) !== undefined || n)) {
    if ([...Array(layers).keys()].every((k) => at(k + 1) !== undefined)) out.push({ bias: [...Array(layers).keys()].map((k) => ({ shared: at(k + 1)! })), what: 'one bias per layer (b_1, b_2, …)' });
  }
  const units = sizes.slice(1).reduce((a, b) => a + b, 0);
  if (named.length === units && [...Array(units).keys()].every((k) => at(k + 1) !== undefined)) {
    let k = 1;
    out.push({ bias: sizes.slice(1).map((n) => Array.from({ length: n }, () => at(k++)!)), what: 'one bias per unit' });
  }
  return out;
}

/** The document's forward values (not parameters, inputs, targets or derivatives). */
function forwardClaims(claims: Claims): Array<[string, Known]> {
  return [...claims].filter(([n, k]) => !NOT_FORWARD.test(n) && !parsePartial(n) && !n.endsWith('(t+1)') && !/^d_|^\\mathrm\{d/.test(n) && (k.text ?? '').replace(/[−.-]/g, '').replace(/^0+/, '').length >= 2);
}

/** Try to infer a model from the document; undefined when it states no weights at all. */
export function modelFromDocument(text: string, claims: Claims): ModelInfo | undefined {
  const weightsStated = [...claims.keys()].some((n) => ONE.test(n) || pairName(n));
  if (!weightsStated) return undefined;
  const fail = (why: string): ModelInfo => ({ source: 'none', notes: [`no model: the document states weights, but ${why}; give --model network.yaml to check values against a network`] });
  const x = series(claims, ['x', 'i', 'X']);
  const y = series(claims, ['y', 't', 'T', 'target', 'Y']);
  if (!x || !y) return fail(`its ${!x ? 'input (x_1, x_2, …)' : 'target (y, t_1, …)'} is not stated`);
  const nW = [...claims.keys()].filter((n) => ONE.test(n) || pairName(n)).length;
  const sizesList: number[][] = [];
  if (nW === x.length * y.length) sizesList.push([x.length, y.length]);
  if (nW % (x.length + y.length) === 0 && nW > x.length * y.length) sizesList.push([x.length, nW / (x.length + y.length), y.length]);
  if (sizesList.length === 0) return fail(`its ${nW} weights do not fit ${x.length} inputs and ${y.length} outputs with one hidden layer or none`);
  const acts = activations(text);
  if (acts.length !== 1) return fail(acts.length === 0 ? 'no activation (sigmoid, ReLU, tanh) is named' : `several activations are named (${acts.join(', ')})`);
  const act = acts[0]!;
  const lossList = losses(text);
  const lr = ['\\eta', '\\alpha', '\\mathrm{lr}', 'lr'].map((n) => claims.get(n)?.value).find((v) => v !== undefined);
  const candidates: Candidate[] = [];
  for (const sizes of sizesList) {
    for (const w of weightReadings(claims, sizes)) {
      for (const b of biasReadings(claims, sizes)) {
        for (const lastAct of [act, undefined]) {
          for (const l of lossList.length > 0 ? lossList : [{ loss: { type: 'mse' }, what: '' }]) {
            const layers = w.weights.flatMap((m, k) => {
              const lin = { type: 'linear', in: sizes[k]!, out: sizes[k + 1]!, weight: m, bias: b.bias[k] };
              const last = k === w.weights.length - 1;
              return last ? (lastAct ? [lin, lastAct] : [lin]) : [lin, act];
            });
            const spec = { layers, loss: l.loss, optimizer: { type: 'sgd', lr: lr ?? 1 }, data: { x: [x], y: [y] } };
            const what = `${sizes.join('-')} (${sizes.length === 2 ? 'no hidden layer' : `${sizes[1]} hidden units`}), ${act}${lastAct ? '' : ` hidden units and a linear output`} units, ${b.what}, ${w.what}${l.what ? `, loss ${l.what}` : ''}${lr !== undefined ? `, SGD lr ${lr}` : ''}`;
            candidates.push({ spec, what, ...(w.pairs ? { pairs: w.pairs } : {}), hasLoss: lossList.length > 0 });
          }
        }
      }
    }
  }
  if (candidates.length === 0) return fail('no reading of their names fills the layers (weights numbered w_1…w_n or w_{ij}, biases per layer or per unit)');
  const forward = forwardClaims(claims);
  const scored: Array<{ c: Candidate; truth: Truth; hits: number; outputs: string; loss: string }> = [];
  for (const c of candidates) {
    let truth: Truth;
    try {
      truth = buildTruth(networkFromObject(c.spec), { loss: c.hasLoss, optimizer: lr !== undefined });
    } catch (e) {
      if (e instanceof SymgradError) continue;
      throw e;
    }
    const bound = bindSymbols(truth, claims, c.pairs).truth;
    const hits = forward.filter(([n, k]) => { const v = bound.value(n); return v !== undefined && Math.abs(v - k.value) <= k.half + slack(k.value, v); }).length;
    const outputs = [...truth.all].filter(([n]) => /^\\hat\{y\}/.test(n)).map(([, v]) => v.toPrecision(12)).join(',');
    const loss = truth.value(truth.lossName);
    scored.push({ c, truth, hits, outputs, loss: loss === undefined ? '' : loss.toPrecision(12) });
  }
  const best = Math.max(0, ...scored.map((s) => s.hits));
  if (best < 2 || 2 * best < forward.length) return fail(`no reading of them reproduces the document's own forward values (best: ${best} of ${forward.length} printed values)`);
  const top = scored.filter((s) => s.hits === best);
  if (new Set(top.map((s) => s.outputs)).size > 1) return fail(`${top.length} readings reproduce ${best} of its ${forward.length} printed forward values but predict differently (${top.slice(0, 2).map((s) => s.c.what).join('; ')}); ambiguous`);
  const chosen = top[0]!;
  // Readings that differ only in a loss the document never prints: the loss is not checked.
  const lossKnown = chosen.c.hasLoss && new Set(top.map((s) => s.loss)).size === 1;
  const truth = lossKnown ? chosen.truth : buildTruth(networkFromObject(chosen.c.spec), { loss: false, optimizer: lr !== undefined });
  const what = lossKnown ? chosen.c.what : chosen.c.what.replace(/, loss [^,]*/, '');
  const notes = [`model inferred from the document: ${what}; it reproduces ${best} of the ${forward.length} forward values the document prints${lossKnown ? '' : '; the loss is not determined, so values that need it are not checked'}${lr === undefined ? '; no learning rate is stated, so updates are not checked' : ''}`];
  return { source: 'document', notes, truth, ...(chosen.c.pairs ? { pairs: chosen.c.pairs } : {}) };
}
