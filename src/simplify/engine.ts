/**
 * The one rewrite engine. It walks the DAG children-first; at each node it rebuilds the node
 * from its simplified arguments, then tries the rules whose left side is rooted at that op, in
 * table order, re-simplifying after every rewrite until no rule applies (a fixpoint) or a step
 * bound is hit. A rewrite is accepted only if it does not make the tree larger (treeSize), so
 * by induction the result is never larger than the input; a form seen before at the same node
 * ends the loop, so alternating rules cannot cycle. Results are memoised per node, and the
 * memo can be shared by several expressions (simplifyAll).
 */
import { apply, topoOrder, treeSize, type Expr, type Kind } from '../expr/node.js';
import { instantiate, match } from './pattern.js';
import type { Rule } from './rules.js';

/** Rewrites tried at one node before it is left as it is. */
const MAX_REWRITES_PER_NODE = 24;

export interface EngineStats {
  /** Rules that fired, by name. */
  readonly fired: Map<string, number>;
  steps: number;
}

/**
 * Whether a region rule at `parent` reads `child` as part of its own region (as the normal form
 * reads the inner terms of a sum). Region rules are then skipped at such a child: its parent
 * redoes that work, and doing it at every level of a long sum would cost O(n²) per sum.
 */
export type ReadsThrough = (parent: Expr, child: Expr) => boolean;

export class Engine {
  private readonly byOp = new Map<Kind, Rule[]>();
  /** Fully simplified forms. */
  private readonly memo = new Map<Expr, Expr>();
  /** Forms simplified without region rules, for nodes read through by their parents. */
  private readonly innerMemo = new Map<Expr, Expr>();
  /** Nodes of the current input, and those of them read through by every parent. */
  private dag = new Set<Expr>();
  /** Inner node → one of its parents. */
  private inner = new Map<Expr, Expr>();
  readonly stats: EngineStats = { fired: new Map(), steps: 0 };

  constructor(
    rules: readonly Rule[],
    private readonly readsThrough: ReadsThrough = () => false,
    private readonly maxSteps = 1_000_000,
    /** Accept rewrites that make the tree larger (the stable forms; their rules terminate). */
    private readonly grow = false,
  ) {
    for (const r of rules) {
      const ops = 'lhs' in r ? [r.lhs.op] : r.ops;
      for (const op of ops) this.byOp.set(op, [...(this.byOp.get(op) ?? []), r]);
    }
  }

  /** The simplified form of `e`. */
  run(e: Expr): Expr {
    // children-first, iteratively, so deep inputs do not exhaust the stack
    const order = topoOrder([e]);
    this.dag = new Set(order);
    this.inner = this.innerNodes(order);
    for (const n of order) this.node(n, this.inner.get(n));
    return this.node(e);
  }

  /** Nodes every parent of which reads them through (the root has no parent, so never). */
  private innerNodes(order: readonly Expr[]): Map<Expr, Expr> {
    const through = new Map<Expr, Expr | null>();
    for (const n of order) {
      for (const a of n.args) {
        const ok = through.get(a) !== null && this.readsThrough(n, a);
        through.set(a, ok ? n : null);
      }
    }
    return new Map([...through].filter((kv): kv is [Expr, Expr] => kv[1] !== null));
  }

  /** The simplified form of e; with `parent`, as read through by that parent (no region rules). */
  private node(e: Expr, parent?: Expr): Expr {
    const inner = parent !== undefined;
    const hit = this.memo.get(e) ?? (inner ? this.innerMemo.get(e) : undefined);
    if (hit !== undefined) return hit;
    const memo = inner ? this.innerMemo : this.memo;
    let cur = this.withSimplifiedArgs(e);
    const seen = new Set<Expr>([cur]);
    for (let i = 0; i < MAX_REWRITES_PER_NODE && this.stats.steps < this.maxSteps; i++) {
      const next = this.rewrite(cur, inner);
      if (next === undefined || seen.has(next)) break;
      this.stats.steps++;
      // a rewrite may build new, unsimplified nodes below its root; e stands for itself meanwhile
      memo.set(e, cur);
      const tidy = this.memo.get(next) ?? this.withSimplifiedArgs(next);
      if (seen.has(tidy)) break;
      seen.add(next).add(tidy);
      cur = tidy;
    }
    // a rewrite may have turned it into something its parent no longer reads through
    if (parent !== undefined && cur !== e && !this.readsThrough(parent, cur)) cur = this.node(cur);
    memo.set(e, cur);
    memo.set(cur, cur);
    return cur;
  }

  /** The node rebuilt from its simplified arguments. */
  private withSimplifiedArgs(e: Expr): Expr {
    if (e.op === 'const' || e.op === 'sym') return e;
    const args = e.args.map((x) => {
      const inner = this.dag.has(x) ? this.inner.has(x) : this.readsThrough(e, x);
      return this.node(x, inner ? e : undefined);
    });
    return args.some((x, i) => x !== e.args[i]) ? apply(e.op, args) : e;
  }

  /** The first rule at this node that changes it. */
  private rewrite(e: Expr, inner: boolean): Expr | undefined {
    for (const r of this.byOp.get(e.op) ?? []) {
      let out: Expr | undefined;
      if ('lhs' in r) {
        const b = match(r.lhs, e);
        if (b === undefined || (r.when && !r.when(b))) continue;
        out = typeof r.rhs === 'function' ? r.rhs(b) : instantiate(r.rhs, b);
      } else {
        if (inner && r.region) continue;
        out = r.apply(e);
      }
      if (out !== undefined && out !== e && (this.grow || treeSize(out) <= treeSize(e))) {
        this.stats.fired.set(r.name, (this.stats.fired.get(r.name) ?? 0) + 1);
        return out;
      }
    }
    return undefined;
  }
}
