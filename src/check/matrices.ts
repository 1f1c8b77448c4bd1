/**
 * Matrix equations checked entry by entry. A statement such as
 * `Z_1 = W_1 \cdot X + b_1 = \begin{bmatrix}…\end{bmatrix} \begin{bmatrix}…\end{bmatrix} + … = \begin{bmatrix}…\end{bmatrix}`
 * is read as matrix algebra over its operands — matrix literals, names given a matrix earlier in
 * the document, scalars — with sums (a column or row broadcast to a matrix, a scalar to every
 * entry), products (`A B`, `A \cdot B`, `A \times B`: the matrix product when both are matrices,
 * else scaling), the element-wise `\odot`, transposes (`^T`, `^{\top}`) and a bounded
 * `\sum_{i=1}^{n}` of one term; every entry of the result becomes its own scalar equation, its
 * sides built from the operands' entries (`(0.15)(0.05) + (0.20)(0.10) + (0.35)`), so that
 * each entry is checked — and a wrong entry located — by the ordinary checks. A matrix name's
 * entries are names of their own: `Z_1` of a column gives `Z_1_1, Z_1_2` (as a vector literal does),
 * a matrix `W_2` (or `W^{(2)}`) gives `W^{(2)}_{1,2}` (read as a two-index weight family by
 * pairs.ts), `W` gives `W_{1,2}`. A statement whose operands do not fit (shapes that do not
 * match, a name with no matrix) is left as it was.
 */
import type { EquationSrc, SideSrc } from './equations.js';
import type { Tok } from './lex.js';
import { entryName, nameOf, named, paren, Reader, Shapes, type TM, type Val } from './matrix-reader.js';
import { displayName } from './names.js';
import type { EquationResult } from './run.js';

/** Expand matrix statements into one statement per entry; `shapes` carries names across statements. */
export function expandMatrices(eqs: readonly EquationSrc[]): EquationSrc[] {
  const shapes = new Shapes();
  const out: EquationSrc[] = [];
  for (const eq of eqs) {
    const expanded = eq.unsupported ? undefined : expand(eq, shapes);
    if (expanded) out.push(...expanded);
    else out.push(eq);
    // A name given a list `(0.2, 0.4)` is a column vector; one given a scalar value is a scalar
    // operand later (b in W x + b).
    const head = nameOf(eq.sides[0]?.toks ?? []);
    const list = eq.sides.length === 2 ? listLength(eq.sides[1]!.toks) : undefined;
    if (!expanded && head !== undefined && !shapes.has(head)) {
      if (list !== undefined) shapes.set(head, { rows: list, cols: 1 });
      else shapes.scalars.add(head);
    }
  }
  return out;
}


/** `(0.2, 0.4)`, `[1, -2]`: the number of entries of a list of numbers. */
function listLength(toks: readonly Tok[]): number | undefined {
  const open = toks[0]?.text;
  if ((open !== '(' && open !== '[') || toks[toks.length - 1]?.text !== (open === '(' ? ')' : ']')) return undefined;
  const inner = toks.slice(1, -1);
  if (!inner.every((t) => t.kind === 'num' || t.text === ',' || t.text === '-')) return undefined;
  const n = inner.filter((t) => t.text === ',').length + 1;
  return n >= 2 ? n : undefined;
}

function expand(eq: EquationSrc, shapes: Shapes): EquationSrc[] | undefined {
  const hasMatrix = eq.sides.some((s) => s.toks.some((t) => t.text === '\\matrix' || t.text === '\\sum'));
  const usesNamed = eq.sides.some((s) => s.toks.some((t) => t.kind === 'id' || t.kind === 'cmd') && refersTo(s.toks, shapes));
  if (!hasMatrix && !usesNamed) return undefined;
  const head = nameOf(eq.sides[0]!.toks);
  const vals: Array<Val | undefined> = eq.sides.map((s, k) => (k === 0 && head !== undefined && !shapes.has(head) ? undefined : new Reader(s.toks, shapes).read()));
  const shape = vals.find((v): v is { kind: 'matrix'; m: TM } => v?.kind === 'matrix')?.m;
  if (!shape) {
    // `\sum_{i=1}^{n}` over scalars: one scalar statement with the sum written out.
    if (!eq.sides.some((s) => s.toks.some((t) => t.text === '\\sum')) || vals.slice(1).some((v) => v === undefined)) return undefined;
    return [{ ...eq, sides: eq.sides.map((s, k) => (vals[k]?.kind === 'scalar' ? { ...s, toks: (vals[k] as { toks: Tok[] }).toks } : s)) }];
  }
  if (vals.some((v, k) => (v === undefined ? k !== 0 : v.kind === 'matrix' && (v.m.rows !== shape.rows || v.m.cols !== shape.cols)))) return undefined;
  // A lone vector given to a name is read as a vector claim already (checker.ts): record its shape only.
  if (eq.sides.length === 2 && head !== undefined && (shape.rows === 1 || shape.cols === 1) && eq.sides[1]!.toks.length === 1) {
    shapes.set(head, { rows: shape.rows, cols: shape.cols });
    return undefined;
  }
  if (head !== undefined) shapes.set(head, { rows: shape.rows, cols: shape.cols });
  const out: EquationSrc[] = [];
  const group = { id: ++groups, subject: head ?? eq.sides[0]!.text };
  for (let r = 0; r < shape.rows; r++) {
    for (let c = 0; c < shape.cols; c++) {
      const sides: SideSrc[] = eq.sides.map((s, k) => {
        const v = vals[k];
        const toks = v === undefined ? [named(entryName(head!, shape.rows, shape.cols, r, c), s.toks[0]?.off ?? 0)] : v.kind === 'matrix' ? v.m.cell(r, c) : paren(v.toks);
        return { ...s, toks, text: `${s.text} [${r + 1},${c + 1}]` };
      });
      out.push({ ...eq, sides, group });
    }
  }
  return out;
}

let groups = 0;

function refersTo(toks: readonly Tok[], shapes: Shapes): boolean {
  if (shapes.size === 0) return false;
  return new Reader(toks, shapes).mentions();
}


/** One result per matrix statement: its entries' findings together (each names its entry). */
export function mergeGroups(eqs: readonly EquationSrc[], results: readonly EquationResult[]): EquationResult[] {
  const out: EquationResult[] = [];
  let last: number | undefined;
  results.forEach((r, k) => {
    const g = eqs[k]?.group;
    const prev = out[out.length - 1];
    if (g && g.id === last && prev) {
      const status = prev.status === 'failed' || r.status === 'failed' ? 'failed' : prev.status === 'passed' || r.status === 'passed' ? 'passed' : 'not-checked';
      const notes = [...prev.findings, ...r.findings].filter((f) => f.severity === 'note');
      const flagged = [...prev.findings, ...r.findings].filter((f) => f.severity !== 'note');
      out[out.length - 1] = { ...prev, status, checks: prev.checks + r.checks, findings: [...flagged, ...notes.slice(0, 1)].sort((a, b) => a.line - b.line || a.column - b.column) };
    } else {
      out.push(g ? { ...r, subject: displayName(g.subject) } : r);
    }
    last = g?.id;
  });
  return out;
}
