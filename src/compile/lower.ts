/**
 * Lowering of scalar expressions: a set of Expr roots (a DAG of interned nodes) becomes one
 * ordered list of single-assignment instructions, each applying one primitive op to locals,
 * inputs or inlined constants. Because nodes are interned, every common subexpression is one
 * node and so one instruction, computed once. Backends render the list: `renderScalarJs` turns
 * it into straight-line JavaScript from the op table's `js` entries, with a comment on each line
 * built from local indices and our own number printer only — never from user-supplied names.
 */
import { topoOrder, type Expr } from '../expr/node.js';
import { OP_NAMES, OPS, type OpName } from '../expr/ops.js';
import { numberLiteral } from './literal.js';

/** Where an instruction argument comes from: an inlined constant, an earlier local, or a bound input. */
export type Operand =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'local'; readonly index: number }
  | { readonly kind: 'input'; readonly index: number };

/** `local[index] = op(args…)`, in single-assignment form. */
export interface Instr {
  readonly index: number;
  readonly op: OpName;
  readonly args: readonly Operand[];
}

export interface ScalarBlock {
  /** The symbols the block reads, by input index (bound by the caller to array slots). */
  readonly inputs: readonly Expr[];
  /** Instructions in dependency order; each local is assigned exactly once. */
  readonly instrs: readonly Instr[];
  /** One operand per root, in the order the roots were given. */
  readonly outputs: readonly Operand[];
}

/**
 * Lower `roots` once. Every symbol reached must be one of `inputs` (an internal error otherwise:
 * the caller decides which symbols are data and which are parameters).
 */
export function lowerScalars(roots: readonly Expr[], inputs: readonly Expr[]): ScalarBlock {
  const inputIndex = new Map<Expr, number>(inputs.map((s, i) => [s, i]));
  const operand = new Map<Expr, Operand>();
  const instrs: Instr[] = [];
  for (const n of topoOrder(roots)) {
    if (n.op === 'const') {
      operand.set(n, { kind: 'const', value: n.value });
    } else if (n.op === 'sym') {
      const i = inputIndex.get(n);
      if (i === undefined) throw new Error(`lowerScalars: symbol #${n.id} is not bound to an input`);
      operand.set(n, { kind: 'input', index: i });
    } else {
      const args = n.args.map((a) => operand.get(a)!);
      const index = instrs.length;
      instrs.push({ index, op: n.op, args });
      operand.set(n, { kind: 'local', index });
    }
  }
  return { inputs, instrs, outputs: roots.map((r) => operand.get(r)!) };
}

/** How a rendered block names its inputs and locals (always generated from indices). */
export interface Naming {
  readonly input: (index: number) => string;
  readonly local: (index: number) => string;
}

export function operandSource(o: Operand, naming: Naming): string {
  switch (o.kind) {
    case 'const':
      return numberLiteral(o.value);
    case 'local':
      return naming.local(o.index);
    case 'input':
      return naming.input(o.index);
  }
}

/** The expression an instruction computes, in formula text over local names (for comments). */
export function instrText(ins: Instr, naming: Naming): string {
  return OPS[ins.op].text(ins.args.map((a) => operandSource(a, naming)));
}

const CMP_JS: Partial<Record<OpName, string>> = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '===' };

/**
 * Single-use instructions that render better folded into their one user, with the same value:
 * a comparison feeding a where's condition (`x > 0 ? a : b`, no 0/1 materialised), and 1/y
 * feeding a product (`x / y` instead of `x * (1 / y)`, at most one rounding apart).
 */
function fusions(block: ScalarBlock): Map<number, { readonly user: number; readonly kind: 'cond' | 'recip' }> {
  const uses = new Map<number, number>();
  const count = (o: Operand) => {
    if (o.kind === 'local') uses.set(o.index, (uses.get(o.index) ?? 0) + 1);
  };
  for (const ins of block.instrs) ins.args.forEach(count);
  block.outputs.forEach(count);
  const byIndex = new Map(block.instrs.map((i) => [i.index, i]));
  const fused = new Map<number, { user: number; kind: 'cond' | 'recip' }>();
  for (const ins of block.instrs) {
    const a0 = ins.args[0];
    if (ins.op === 'where' && a0?.kind === 'local' && uses.get(a0.index) === 1 && CMP_JS[byIndex.get(a0.index)!.op]) {
      fused.set(a0.index, { user: ins.index, kind: 'cond' });
    }
    const a1 = ins.args[1];
    if (ins.op === 'mul' && a1?.kind === 'local' && uses.get(a1.index) === 1) {
      const d = byIndex.get(a1.index)!;
      const num = d.args[0];
      if (d.op === 'div' && num?.kind === 'const' && num.value === 1) fused.set(a1.index, { user: ins.index, kind: 'recip' });
    }
  }
  return fused;
}

/**
 * Straight-line JavaScript for a block: `const t3 = (t1 * t2); // t3 = t1 * t2`. Input names
 * must be simple terms (locals or `p[4]`); constants print with full precision.
 */
export function renderScalarJs(block: ScalarBlock, naming: Naming, indent = '  ', js: JsTable = {}): string[] {
  const fused = fusions(block);
  const byIndex = new Map(block.instrs.map((i) => [i.index, i]));
  const src = (o: Operand) => operandSource(o, naming);
  const lines: string[] = [];
  for (const ins of block.instrs) {
    if (fused.has(ins.index)) continue;
    const name = naming.local(ins.index);
    const a = ins.args;
    const inner = a.map((o) => (o.kind === 'local' && fused.has(o.index) ? byIndex.get(o.index)! : undefined));
    let code: string;
    let text: string;
    if (ins.op === 'where' && inner[0]) {
      const c = inner[0];
      code = `(${src(c.args[0]!)} ${CMP_JS[c.op]} ${src(c.args[1]!)} ? ${src(a[1]!)} : ${src(a[2]!)})`;
      text = OPS.where.text([instrText(c, naming), src(a[1]!), src(a[2]!)]);
    } else if (ins.op === 'mul' && inner[1]) {
      const d = inner[1];
      code = `(${src(a[0]!)} / ${src(d.args[1]!)})`;
      text = OPS.div.text([src(a[0]!), src(d.args[1]!)]);
    } else {
      code = (js[ins.op] ?? OPS[ins.op].js)(a.map(src));
      text = instrText(ins, naming);
    }
    lines.push(`${indent}const ${name} = ${code}; // ${name} = ${text}`);
  }
  return lines;
}

/** Per-backend replacements for the op table's `js` entries (GPU.js lacks a few functions). */
export type JsTable = Partial<Record<OpName, (a: readonly string[]) => string>>;

/** The block cut down to what `outputs` need (indices are kept, so names stay stable). */
export function pruneBlock(block: ScalarBlock, outputs: readonly number[]): ScalarBlock {
  const keep = new Set<number>();
  const visit = (o: Operand | undefined) => {
    if (o?.kind === 'local') keep.add(o.index);
  };
  outputs.forEach((j) => visit(block.outputs[j]));
  for (let k = block.instrs.length - 1; k >= 0; k--) {
    const ins = block.instrs[k]!;
    if (keep.has(ins.index)) ins.args.forEach(visit);
  }
  return { inputs: block.inputs, instrs: block.instrs.filter((i) => keep.has(i.index)), outputs: outputs.map((j) => block.outputs[j]!) };
}

/** Which inputs a block actually reads (so callers load only those). */
export function usedInputs(block: ScalarBlock): Set<number> {
  const used = new Set<number>();
  for (const ins of block.instrs) for (const a of ins.args) if (a.kind === 'input') used.add(a.index);
  for (const o of block.outputs) if (o.kind === 'input') used.add(o.index);
  return used;
}

/**
 * Declarations of the helper functions (erf, round-half-even, …; src/expr/special.ts) that the
 * generated lines call: each op-table helper whose name is called somewhere in `lines`, once.
 */
export function helperSources(lines: readonly string[]): string[] {
  const code = lines.join('\n');
  const helpers = new Set(OP_NAMES.flatMap((op) => OPS[op].jsHelper ?? []));
  return [...helpers].filter((h) => new RegExp(`\\b${h.name}\\(`).test(code)).map((h) => h.toString());
}
