/**
 * Building a derivation: the network, then either the scalar story (batch of one: forward pass
 * neuron by neuron, loss, backward pass with the chain rule, update) or the matrix story (a
 * batch, or `view: 'matrix'`), assembled once into a language-neutral Doc plus the exact numbers
 * for JSON. Writers (markdown.ts, tex.ts, html.ts, json.ts) only render what is built here.
 */
import { SymgradError } from '../../errors.js';
import type { Expr } from '../../expr/index.js';
import type { NetworkSpec } from '../../nn/spec.js';
import { backwardSection } from './backward.js';
import { forwardSection, lossSection, networkSection } from './forward.js';
import { matrixSection } from './matrix.js';
import { msg, para, raw, type Block, type Doc } from './model.js';
import { scalarNet, type ScalarNet } from './network.js';
import { updateSection } from './update.js';

export type View = 'scalar' | 'matrix';

/** Networks with more parameters get no per-parameter diagram, tables or equations. */
export const DETAIL_LIMIT = 60;

/** The longest training run a document reports (its loss table and curve stay small either way). */
export const MAX_STEPS = 100_000;

/** YYYY-MM-DD naming a day that exists (2024-02-29 yes, 2023-02-29 and 2024-13-45 no). */
function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

export interface DeriveOptions {
  /** Decimal places shown (default 4). Computation always uses full precision. */
  readonly decimals?: number;
  /** Optimizer steps for the loss table and curve (default 1: one update only). */
  readonly steps?: number;
  /** Default: scalar for a batch of one, matrix otherwise. */
  readonly view?: View;
  /** ISO date for the front matter (never the current date, so output is reproducible). */
  readonly date?: string;
  /** Called as the loss curve's steps are taken (for progress reports). */
  readonly onStep?: (done: number, total: number) => void;
}

/** Every number of the derivation, exact (JSON). */
export interface DerivationData {
  readonly name: string;
  readonly view: View;
  readonly decimals: number;
  readonly inputs: Record<string, number>;
  readonly targets: Record<string, number>;
  readonly parameters: readonly { symbol: string; entry: string; value: number; grad: number | null; after: number }[];
  /** Every intermediate of the forward pass (z_j, σ_j, p_k, 𝓛) of the first sample. */
  readonly forward: Record<string, number>;
  /** δ_j = ∂L/∂z_j. */
  readonly deltas: Record<string, number>;
  readonly loss: number;
  readonly loss_after: number;
  /** losses[k]: the loss after k steps (losses[0] before training). */
  readonly losses: readonly number[];
}

export interface Derivation {
  readonly doc: Doc;
  readonly data: DerivationData;
}

export function derive(spec: NetworkSpec, opts: DeriveOptions = {}): Derivation {
  const decimals = opts.decimals ?? 4;
  const steps = opts.steps ?? 1;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) throw new SymgradError(`--decimals must be a whole number from 0 to 12, got ${decimals}`);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) throw new SymgradError(`--steps must be a whole number from 1 to ${MAX_STEPS}, got ${steps}`);
  if (opts.date !== undefined && !isDate(opts.date)) throw new SymgradError(`--date must be a calendar date like 2024-12-31, got '${opts.date}'`);
  const batch = spec.data.x.length;
  const view: View = opts.view ?? (batch > 1 ? 'matrix' : 'scalar');
  if (view === 'scalar' && batch > 1) {
    throw new SymgradError(`the scalar view shows one sample and this batch has ${batch}; use --view matrix`);
  }
  const net = scalarNet(spec, 0);
  // one line per weight and neuron reads well for small networks only
  const detailed = net.params.length <= DETAIL_LIMIT;
  if (view === 'scalar' && !detailed) {
    throw new SymgradError(`the scalar view writes one line per weight and neuron; this network has ${net.params.length} parameters (the limit is ${DETAIL_LIMIT}): use --view matrix`);
  }
  const blocks: Block[] = [
    para(msg('intro', { name: raw(spec.name), d: raw(String(decimals)) })),
    para(msg('generated')),
    ...networkSection(spec, net, decimals, detailed),
  ];
  let grads: ReadonlyMap<Expr, number>;
  let deltas: ReadonlyMap<Expr, number> = new Map();
  if (view === 'scalar') {
    blocks.push(...forwardSection(spec, net, decimals), ...lossSection(spec, net, decimals));
    const back = backwardSection(spec, net, decimals);
    blocks.push(...back.blocks);
    grads = back.grads;
    deltas = back.deltas;
  } else {
    const mx = matrixSection(spec, net, decimals);
    blocks.push(...mx.blocks);
    grads = mx.grads;
  }
  const upd = updateSection(spec, net, grads, decimals, steps, detailed, opts.onStep);
  blocks.push(...upd.blocks);
  const doc: Doc = { meta: { name: spec.name, ...(opts.date ? { date: opts.date } : {}) }, blocks };
  return { doc, data: data(spec, net, view, decimals, grads, deltas, upd) };
}

function data(spec: NetworkSpec, net: ScalarNet, view: View, decimals: number, grads: ReadonlyMap<Expr, number>, deltas: ReadonlyMap<Expr, number>, upd: ReturnType<typeof updateSection>): DerivationData {
  const byName = (xs: readonly Expr[]) => Object.fromEntries(xs.map((x) => [x.name, net.values.get(x)!]));
  const zs = net.stages.flatMap((s) => (s.kind === 'linear' ? s.outs.map((o) => o.target) : []));
  return {
    name: spec.name,
    view,
    decimals,
    inputs: byName(net.inputs),
    targets: byName(net.targets),
    parameters: net.params.map((p) => ({ symbol: p.sym.name, entry: p.entry, value: p.value, grad: grads.get(p.sym) ?? null, after: upd.after.get(p.sym)! })),
    forward: byName(net.program.targets),
    deltas: Object.fromEntries(zs.filter((z) => deltas.has(z)).map((z) => [`\\delta_${z.name.slice(2)}`, deltas.get(z)!])),
    loss: upd.losses[0]!,
    loss_after: upd.lossAfter,
    losses: upd.losses,
  };
}
