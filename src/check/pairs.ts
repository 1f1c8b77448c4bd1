/**
 * Weights named with two indices — `w_{ij}`, `w_{i,j}`, `W_{1,2}`, `w^{(2)}_{12}` — read as one
 * family with one convention: which index is the input unit and which the output unit (in×out
 * or out×in), and how units are numbered: from 1 or from 0 within each layer, or counted across
 * the network (hidden units 1, 2, then the output unit 3; or inputs first, then the hidden units).
 * A superscript `(l)` names the layer (1-based); without one, each name belongs to the one layer
 * whose units its indices can denote under the convention. The convention is inferred from the
 * printed values (every weight of the family must have its value under it, within the author's
 * rounding) or, for a model inferred from the document itself, fixed by that inference; it is
 * stated as a note: `w_{i,j}: read as the weight from input i to unit j of layer 1 (0.weight[j-1][i-1])`.
 * Two conventions that bind the names differently and both fit: ambiguous, nothing is bound.
 */
import type { Truth } from './truth.js';
import { slack, type Known } from './values.js';

export interface PairName {
  readonly name: string;
  /** The first and second index as written. */
  readonly a: number;
  readonly b: number;
  /** The layer named by a superscript (l), 1-based. */
  readonly layer?: number;
}

const PAIR = /^[wW](?:\^\{\((\d+)\)\})?_\{(\d+)(,?)(\d+)\}(?:\^\{\((\d+)\)\})?$/;

/** `w_{12}`, `w_{1,2}`, `w^{(2)}_{12}`: the two indices (a two-digit index needs a comma). */
export function pairName(name: string): PairName | undefined {
  const m = PAIR.exec(name);
  if (!m) return undefined;
  const [, up1, i, comma, j, up2] = m;
  if (!comma && (i!.length !== 1 || j!.length !== 1)) return undefined;
  const up = up1 ?? up2;
  return { name, a: Number(i), b: Number(j), ...(up ? { layer: Number(up) } : {}) };
}

type Base = 'one' | 'zero' | 'neurons' | 'units';
export interface Convention { readonly inputFirst: boolean; readonly base: Base }

export const CONVENTIONS: readonly Convention[] = (['one', 'zero', 'neurons', 'units'] as const).flatMap((base) => [true, false].map((inputFirst) => ({ inputFirst, base })));

/** One linear layer: out × in, and the number of units before it (inputs, neurons of earlier layers). */
export interface LayerShape { readonly key: number; readonly rows: number; readonly cols: number }

/** Where each name sits under a convention: layer position k, row (output unit), column (input unit). */
export function place(names: readonly PairName[], layers: readonly LayerShape[], c: Convention): Map<string, { k: number; row: number; col: number }> | undefined {
  const outStart: number[] = [];
  const inStart: number[] = [];
  let neurons = c.base === 'units' ? 1 + (layers[0]?.cols ?? 0) : 1;
  layers.forEach((l, k) => {
    const local = c.base === 'one' ? 1 : c.base === 'zero' ? 0 : undefined;
    inStart.push(local ?? (k === 0 ? 1 : outStart[k - 1]!));
    outStart.push(local ?? neurons);
    neurons += l.rows;
  });
  const out = new Map<string, { k: number; row: number; col: number }>();
  for (const n of names) {
    const [input, output] = c.inputFirst ? [n.a, n.b] : [n.b, n.a];
    const at = (k: number) => {
      const row = output - outStart[k]!;
      const col = input - inStart[k]!;
      return row >= 0 && row < layers[k]!.rows && col >= 0 && col < layers[k]!.cols ? { k, row, col } : undefined;
    };
    const hits = n.layer !== undefined ? [at(n.layer - 1)].filter((h) => h) : layers.map((_, k) => at(k)).filter((h) => h);
    if (hits.length !== 1) return undefined;
    out.set(n.name, hits[0]!);
  }
  return out;
}

/** `w_{i,j}`, `w^{(2)}_{ij}`: the family's spelling with i, j for the indices. */
const familyOf = (p: PairName): string => p.name.replace(/_\{(\d+)(,?)(\d+)\}/, (_m, _i, comma: string) => `_{i${comma}j}`);

/** `w_{i,j}: read as the weight from input unit i to unit j (counted from 1 in each layer): 0.weight[j-1][i-1]`. */
export function describe(example: PairName, layers: readonly LayerShape[], c: Convention, used: ReadonlySet<number>): string {
  const spelled = familyOf(example);
  const [input, output] = c.inputFirst ? ['i', 'j'] : ['j', 'i'];
  const sub = (v: string, o: number) => (o === 0 ? v : `${v}-${o}`);
  const parts = [...used].sort((x, y) => x - y).map((k) => {
    const o = offsetsOf(layers, c, k);
    return `${layers[k]!.key}.weight[${sub(output, o.out)}][${sub(input, o.in)}]`;
  });
  const scheme = c.base === 'one' || c.base === 'zero' ? `units counted from ${c.base === 'one' ? 1 : 0} in each layer` : c.base === 'neurons' ? 'units counted across the layers' : 'units counted across the network, inputs first';
  return `${spelled}: read as the weight from input unit ${input} to unit ${output} (${scheme}): ${parts.join(', ')}`;
}

function offsetsOf(layers: readonly LayerShape[], c: Convention, k: number): { in: number; out: number } {
  if (c.base === 'one') return { in: 1, out: 1 };
  if (c.base === 'zero') return { in: 0, out: 0 };
  let neurons = c.base === 'units' ? 1 + (layers[0]?.cols ?? 0) : 1;
  const starts: number[] = [];
  for (const l of layers) { starts.push(neurons); neurons += l.rows; }
  return { in: k === 0 ? 1 : starts[k - 1]!, out: starts[k]! };
}

/** The network's linear layers, out × in, with the symbol at each entry. */
export function weightLayers(truth: Truth): Array<LayerShape & { at: (row: number, col: number) => string | undefined }> {
  const WHERE = /^"?(\d+)\.weight"?\[(\d+)\]\[(\d+)\]$/;
  const byLayer = new Map<number, Map<string, string>>();
  for (const name of truth.all.keys()) {
    const m = WHERE.exec(truth.param(name)?.where ?? '');
    if (!m) continue;
    const l = Number(m[1]);
    if (!byLayer.has(l)) byLayer.set(l, new Map());
    byLayer.get(l)!.set(`${m[2]},${m[3]}`, name);
  }
  return [...byLayer].sort((x, y) => x[0] - y[0]).map(([key, entries]) => {
    const idx = [...entries.keys()].map((s) => s.split(',').map(Number) as [number, number]);
    return { key, rows: Math.max(...idx.map((i) => i[0])) + 1, cols: Math.max(...idx.map((i) => i[1])) + 1, at: (r: number, c: number) => entries.get(`${r},${c}`) };
  });
}

/**
 * Bind the document's two-index weights to the network's: the aliases and the notes. With
 * `fixed`, that convention is used (the model was inferred from these very names).
 */
export function bindPairs(truth: Truth, claims: ReadonlyMap<string, Known>, fixed?: Convention): { alias: Map<string, string>; notes: string[] } {
  const alias = new Map<string, string>();
  const notes: string[] = [];
  const names = [...claims.keys()].map(pairName).filter((p): p is PairName => !!p && truth.value(p.name) === undefined);
  if (names.length === 0) return { alias, notes };
  const layers = weightLayers(truth);
  if (layers.length === 0) return { alias, notes };
  const near = (k: Known, v: number) => Math.abs(k.value - v) <= Math.max(k.half, 0) + slack(k.value, v);
  const fits: Array<{ c: Convention; map: Map<string, string>; used: Set<number> }> = [];
  for (const c of fixed ? [fixed] : CONVENTIONS) {
    const placed = place(names, layers, c);
    if (!placed) continue;
    const map = new Map<string, string>();
    const used = new Set<number>();
    let ok = true;
    for (const [n, p] of placed) {
      const sym = layers[p.k]!.at(p.row, p.col);
      if (!sym || (!fixed && !near(claims.get(n)!, truth.value(sym)!))) { ok = false; break; }
      map.set(n, sym);
      used.add(p.k);
    }
    if (ok) fits.push({ c, map, used });
  }
  const family = familyOf(names[0]!);
  const distinct = new Set(fits.map((f) => [...f.map].sort().join(';')));
  if (fits.length === 0) {
    notes.push(`${family}: no one reading of the two indices (input or output unit first, counted from 1, 0 or across layers) gives every printed weight its value; not bound`);
  } else if (distinct.size > 1) {
    notes.push(`${family}: the printed weights fit ${distinct.size} readings of the two indices; ambiguous, not bound (checks that need them are not done)`);
  } else {
    const f = fits[0]!;
    for (const [d, m] of f.map) alias.set(d, m);
    notes.push(describe(names[0]!, layers, f.c, f.used));
  }
  return { alias, notes };
}
