/**
 * Binding a document's symbols to the network's quantities by meaning, not by spelling. The
 * network's scalar view names its quantities W_i, b_i, z_j, σ_j, ŷ, 𝓛; a worked example writes
 * w_{5}, net_{o1}, out_{h1}, z^{(3)}, a^{(1)}, E_{total}. From the values the document prints
 * (pass 1) this module infers which quantity each symbol denotes:
 *
 * - weights `w_k` (one index): per layer, numbered row by row (PyTorch's weight[j][i], the
 *   scalar view's order) or column by column (by input unit); the one convention under which
 *   every printed weight of the layer has its value is taken, and stated as a note;
 * - any other symbol: the one forward quantity (pre-activation, activation, output, loss, bias,
 *   input, target) whose value it prints, within its rounding; several candidates are narrowed
 *   by the name (`net`, `z` → pre-activation; `out`, `a`, `h`, `σ` → activation; `E`, `L`,
 *   `loss`, `error`, `cost` → loss); still several → not bound;
 * - a family `base_k` / `base^{(k)}` whose bound members all keep their index (z^{(1)} = z_1,
 *   z^{(3)} = z_3) binds its other members the same way (z^{(4)} = z_4), so that a wrong value
 *   printed for one of them is still checked.
 *
 * Partial derivatives, values after the update and δ's follow from their parts. A symbol that
 * binds to nothing keeps its spelling (and gets arithmetic and consistency checks only).
 */
import { displayName, parsePartial, partialName, updatedName } from './names.js';
import { bindPairs, pairName, type Convention } from './pairs.js';
import type { Truth } from './truth.js';
import { slack, type Known } from './values.js';

export interface Binding {
  readonly truth: Truth;
  readonly notes: string[];
  /** The document's names bound to a network quantity. */
  readonly bound: ReadonlySet<string>;
}

type Kind = 'pre' | 'act' | 'out' | 'loss' | 'bias' | 'input' | 'target' | 'other';

function kindOfModel(name: string): Kind {
  if (/^z_/.test(name)) return 'pre';
  if (/^(\\sigma|a)_/.test(name)) return 'act';
  if (/^\\hat\{y\}/.test(name)) return 'out';
  if (/^\\mathcal\{L\}/.test(name)) return 'loss';
  if (/^b_/.test(name)) return 'bias';
  if (/^x_/.test(name)) return 'input';
  if (/^y(_|$)/.test(name)) return 'target';
  return 'other';
}

/** What a document name says it is, from the usual spellings. */
function kindOfDoc(name: string): Kind | undefined {
  const base = name.replace(/^\\(mathrm|text|mathit)\{([^}]*)\}/, '$2').replace(/^\\(hat|mathcal|mathbf)\{([^}]*)\}/, '$1:$2');
  if (/^(net|z|in)(_|\^|$)/i.test(base)) return 'pre';
  if (/^(out|a|h|\\sigma|o)(_|\^|$)/i.test(base)) return 'act';
  if (/^hat:y/.test(base) || /^(y_?pred|yhat|y_\{?hat)/i.test(base)) return 'out';
  if (/^(E|L|mathcal:L|loss|error|cost|J)(_|\^|$)/i.test(base)) return 'loss';
  if (/^b(_|\^|$)/.test(base)) return 'bias';
  if (/^(x|i)(_|\^|$)/.test(base)) return 'input';
  if (/^(y|t|target)(_|\^|$)/.test(base)) return 'target';
  return undefined;
}

const WEIGHT = /^w_\{?(\d+)\}?$/;
const WHERE = /^"?(\d+)\.weight"?\[(\d+)\]\[(\d+)\]$/;

/** Significant digits of a printed value. */
const significant = (k: Known): number => (k.text ?? '').replace(/^[−-]/, '').replace('.', '').replace(/^0+/, '').length;

export function bindSymbols(truth: Truth, claims: ReadonlyMap<string, Known>, pairs?: Convention): Binding {
  const alias = new Map<string, string>();
  const notes: string[] = [];
  // Two-index weights w_{ij}: one convention for the family (pairs.ts).
  const two = bindPairs(truth, claims, pairs);
  for (const [d, m] of two.alias) alias.set(d, m);
  notes.push(...two.notes);
  const near = (k: Known, v: number, units = 1) => Math.abs(k.value - v) <= units * Math.max(k.half, 0) + slack(k.value, v);
  const free = (name: string) => truth.value(name) === undefined && !parsePartial(name) && !name.endsWith('(t+1)');

  // Weights w_k: one convention per layer.
  const layers = new Map<number, Array<{ name: string; row: number; col: number }>>();
  for (const name of truth.all.keys()) {
    const m = WHERE.exec(truth.param(name)?.where ?? '');
    if (!m) continue;
    const l = Number(m[1]);
    if (!layers.has(l)) layers.set(l, []);
    layers.get(l)!.push({ name, row: Number(m[2]), col: Number(m[3]) });
  }
  const docWeights = [...claims.keys()].filter((n) => WEIGHT.test(n) && free(n));
  let offset = 0;
  for (const [layer, ws] of [...layers].sort((a, b) => a[0] - b[0])) {
    const rows = Math.max(...ws.map((w) => w.row)) + 1;
    const cols = Math.max(...ws.map((w) => w.col)) + 1;
    const byRow = [...ws].sort((a, b) => a.row - b.row || a.col - b.col);
    const byCol = [...ws].sort((a, b) => a.col - b.col || a.row - b.row);
    const mine = docWeights.filter((n) => { const k = Number(WEIGHT.exec(n)![1]); return k > offset && k <= offset + ws.length; });
    const fits = (order: typeof ws) => mine.length > 0 && mine.every((n) => near(claims.get(n)!, truth.value(order[Number(WEIGHT.exec(n)![1]) - offset - 1]!.name)!));
    const row = fits(byRow);
    const col = rows > 1 && cols > 1 && fits(byCol);
    const order = row && !col ? byRow : col && !row ? byCol : row && col ? byRow : undefined;
    if (order) {
      for (let k = 0; k < order.length; k++) alias.set(`w_${k + offset + 1 < 10 ? k + offset + 1 : `{${k + offset + 1}}`}`, order[k]!.name);
      const first = order[0]!, second = order[1];
      notes.push(`w_${offset + 1}…w_${offset + ws.length}: read as layer ${layer}'s weights numbered ${order === byRow ? 'by output unit (row by row, weight[j][i])' : 'by input unit (column by column)'}${second ? `: w_${offset + 2} is ${layer}.weight[${second.row}][${second.col}]` : ''}, w_${offset + 1} is ${layer}.weight[${first.row}][${first.col}]`);
      if (row && col) notes.push(`w_${offset + 1}…w_${offset + ws.length}: the printed values fit both numberings; read row by row`);
    } else if (mine.length > 0) {
      notes.push(`w_${offset + 1}…w_${offset + ws.length}: no one numbering of layer ${layer}'s weights gives all the printed values; not bound`);
    }
    offset += ws.length;
  }

  // ŷ_k printed as softmax probabilities where the network's ŷ_k are logits (cross-entropy).
  const yhats = [...claims].filter(([n]) => /^\\hat\{y\}_/.test(n) && truth.value(n.replace('\\hat{y}', 'p')) !== undefined);
  const classes = [...truth.all.keys()].filter((n) => /^p_/.test(n)).length;
  // All of them printed, each in [0, 1], summing to 1: probabilities, whatever their accuracy.
  const probabilities = yhats.length === classes && yhats.every(([, k]) => k.value >= 0 && k.value <= 1) && Math.abs(yhats.reduce((a, [, k]) => a + k.value, 0) - 1) <= 0.01;
  if (yhats.length > 0 && (probabilities || yhats.every(([n, k]) => !near(k, truth.value(n)!, 3) && near(k, truth.value(n.replace('\\hat{y}', 'p'))!, 3)))) {
    for (const [n] of yhats) alias.set(n, n.replace('\\hat{y}', 'p'));
    notes.push('ŷ_k: read as the softmax probabilities (the network\'s outputs are logits)');
  }

  // Other symbols, by value (and name when several quantities share the value).
  const batch = truth.spec.data.x.length > 1;
  const model = [...truth.all].filter(([n]) => !parsePartial(n) && !n.endsWith('(t+1)') && !/^W_/.test(n));
  for (const [name, k] of claims) {
    if (!free(name) || alias.has(name) || WEIGHT.test(name) || pairName(name)) continue;
    const want = kindOfDoc(name);
    // A short number (0.5, 1) fits too many quantities unless the name says which kind.
    if (significant(k) < 3 && want === undefined) continue;
    // In sample k's section (samples.ts) only sample k's quantities are candidates.
    const sample = batch ? /\^\{\(\d+\)\}$/.exec(name)?.[0] : undefined;
    let hits = model.filter(([n, v]) => near(k, v) && (sample === undefined || n.endsWith(sample)));
    if (want) hits = hits.filter(([n]) => kindOfModel(n) === want).length > 0 ? hits.filter(([n]) => kindOfModel(n) === want) : significant(k) >= 3 ? hits : [];
    const values = new Set(hits.map(([, v]) => v));
    if (hits.length === 0 || values.size > 1) continue;
    // Several names for one value (σ_3 and ŷ): take the first, they are the same quantity.
    alias.set(name, hits[0]![0]);
  }

  // Families: members bound with their own index (z^{(1)} = z_1, A_0_2 = ŷ^{(2)}) bind the rest the same way.
  const family = (name: string) => /^(.*?)(?:_\{?(\d+)\}?|\^\{\((\d+)\)\})$/.exec(name);
  const modelFamily = (name: string): [string, string] | undefined => {
    const g = /^(.*?)_\{?(\d+)\}?$/.exec(name) ?? /^(.*)\^\{\((\d+)\)\}$/.exec(name);
    return g ? [`${g[1]}${name.endsWith(')}') ? '^' : '_'}`, g[2]!] : undefined;
  };
  const at = (base: string, j: string) => (base.endsWith('^') ? `${base}{(${j})}` : `${base}${j.length === 1 ? j : `{${j}}`}`);
  const rules = new Map<string, string | null>();
  for (const [doc, m] of alias) {
    const f = family(doc);
    const g = modelFamily(m);
    if (f && g && !WEIGHT.test(doc) && !pairName(doc) && (f[2] ?? f[3]) === g[1]) rules.set(f[1]!, rules.has(f[1]!) && rules.get(f[1]!) !== g[0] ? null : g[0]);
  }
  for (const [doc, m] of alias) {
    const f = family(doc);
    const rule = f ? rules.get(f[1]!) : undefined;
    // Every member must agree: z^{(3)} read as ŷ_1 agrees when the network's z_3 is ŷ_1.
    if (f && rule && truth.value(at(rule, (f[2] ?? f[3])!)) !== truth.value(m)) rules.set(f[1]!, null);
  }
  for (const name of claims.keys()) {
    const f = family(name);
    const base = f ? rules.get(f[1]!) : undefined;
    if (!f || !base || alias.has(name) || !free(name)) continue;
    const target = at(base, (f[2] ?? f[3])!);
    if (truth.value(target) !== undefined) alias.set(name, target);
  }

  const bound = [...alias].filter(([d]) => !WEIGHT.test(d) && !pairName(d) && claims.has(d));
  if (bound.length > 0) notes.push(`read by their values: ${bound.map(([d, m]) => `${displayName(d)} = ${displayName(m)}`).join(', ')}`);
  return { truth: aliased(truth, alias), notes, bound: new Set([...alias.keys()].filter((d) => claims.has(d))) };
}

/** The network seen through the document's names. */
function aliased(truth: Truth, alias: ReadonlyMap<string, string>): Truth {
  if (alias.size === 0) return truth;
  const map = (name: string): string => {
    const p = parsePartial(name);
    if (p) return partialName(map(p.num), map(p.den));
    const upd = /^(.*)\(t\+1\)$/.exec(name);
    if (upd) return updatedName(map(upd[1]!));
    // d_{w1}, dw_1: a program's name for ∂L/∂w_1.
    const grad = /^(?:d_\{w_?(\d+)\}|\\mathrm\{dw\}_\{?(\d+)\}?)$/.exec(name);
    if (grad) { const k = grad[1] ?? grad[2]!; return partialName(truth.lossName, map(`w_${k.length === 1 ? k : `{${k}}`}`)); }
    return alias.get(name) ?? name;
  };
  const back = new Map([...alias].map(([d, m]) => [m, d]));
  const docName = (name: string): string | undefined => {
    const p = parsePartial(name);
    if (p) { const num = docName(p.num) ?? p.num; const den = docName(p.den); return den ? partialName(num, den) : undefined; }
    return back.get(name);
  };
  return {
    ...truth,
    docName,
    value: (n) => truth.value(map(n)),
    param: (n) => truth.param(map(n)),
    afterStep: (n) => truth.afterStep(map(n)),
    gradOf: (n) => truth.gradOf(map(n)),
    explain: (n, c, t) => truth.explain(map(n), c, t),
  };
}
