/**
 * Parsing user formulas. A formula is a list of statements separated by `;` or line breaks:
 * assignments naming intermediates (`z = w*x + b; s = sigmoid(z); L = -(y*log(s) + …)`), user
 * functions (`swish(x) = x*sigmoid(x)`, expanded at each use), and optionally a final bare
 * expression. `parseProgram` returns the assignments as a Program (src/diff/program.ts) with its
 * output; `parseExpression` returns the output with every assignment inlined. Each statement is
 * parsed by mathjs's parser only (./mathjs.ts) and converted by ./convert.ts; every mistake is a SymgradError
 * at a line and column naming the token.
 */
import { freeSymbols, symbol, type Expr } from '../expr/node.js';
import { Program, type Assignment } from '../diff/program.js';
import { canonicalName } from '../render/names.js';
import { BUILTINS, CONSTANTS, type UserFunction } from './functions.js';
import { Converter, type MathNode } from './convert.js';
import { mathParse } from './mathjs.js';
import { Source, findNth, identPattern, type SourceOptions, type Statement } from './source.js';

export type { UserFunction } from './functions.js';
export { BUILTINS } from './functions.js';

export interface ParseOptions extends SourceOptions {
  /** User functions defined elsewhere, callable in this formula. */
  readonly functions?: ReadonlyMap<string, UserFunction>;
}

export interface ParsedProgram {
  readonly program: Program;
  /** The symbol of the last assignment, or the final bare expression when there is one. */
  readonly output: Expr;
  /** The user functions: those given in the options and those the formula defines. */
  readonly functions: ReadonlyMap<string, UserFunction>;
}

/** Parse one statement with mathjs, turning its syntax errors into ours. */
function parseStatement(source: Source, stmt: Statement): MathNode {
  try {
    return mathParse(stmt.text) as MathNode;
  } catch (e) {
    const err = e as { message?: string; char?: number };
    const at = typeof err.char === 'number' ? Math.max(0, Math.min(err.char - 1, stmt.text.length)) : 0;
    const token = /^\S{1,12}/.exec(stmt.text.slice(at))?.[0];
    const what = (err.message ?? 'cannot parse').replace(/\s*\(char \d+\)\s*$/, '');
    const near = token ? ` at '${token}'` : ' at the end of the statement';
    throw source.error(`syntax error${near}: ${what}`, stmt.start + at);
  }
}

/** The part of an assignment statement after its `=`, so that offsets inside it stay right. */
function valuePart(stmt: Statement): Statement {
  const m = /(?<![=<>!])=(?!=)/.exec(stmt.text);
  const cut = m ? m.index + 1 : 0;
  return { text: stmt.text.slice(cut), start: stmt.start + cut };
}

function reserved(name: string, functions: ReadonlyMap<string, UserFunction>): string | undefined {
  if (CONSTANTS.has(name)) return `'${name}' is a constant`;
  if (BUILTINS.has(name)) return `'${name}' is a built-in function`;
  if (functions.has(name)) return `'${name}' is already a function`;
  return undefined;
}

/** Parse assignments, user functions and an optional final expression into a Program. */
export function parseProgram(src: string, opts: ParseOptions = {}): ParsedProgram {
  const source = new Source(src, opts);
  const statements = source.statements();
  if (statements.length === 0) throw source.error('the formula is empty', 0);
  const functions = new Map<string, UserFunction>(opts.functions ?? []);
  const assignments: Assignment[] = [];
  const assignedAt = new Map<Expr, number>();
  const usedAt = new Map<Expr, number>();
  let output: Expr | undefined;
  let bare: Statement | undefined;
  /** Remember the first use of each symbol not yet assigned (to report use before assignment). */
  const noteUse = (s: Expr, at: number) => {
    if (!assignedAt.has(s) && !usedAt.has(s)) usedAt.set(s, at);
  };
  const where = (offset: number) => {
    const p = source.place(offset);
    return `line ${p.line}, column ${p.column}`;
  };

  for (const stmt of statements) {
    if (bare) throw source.error('only the last statement may be a bare expression; name it (name = …)', bare.start);
    const node = parseStatement(source, stmt);
    if (node.type === 'AssignmentNode') {
      const n = node as Extract<MathNode, { type: 'AssignmentNode' }>;
      if (n.object.type !== 'SymbolNode' || n.index) {
        throw source.error('only a plain name can be assigned (no indexing)', stmt.start);
      }
      const raw = (n.object as { name: string }).name;
      const offset = stmt.start + findNth(stmt, identPattern(raw));
      const clash = reserved(raw, functions);
      if (clash) throw source.error(`cannot assign to '${raw}': ${clash}`, offset);
      const target = symbol(canonicalName(raw));
      const first = assignedAt.get(target);
      if (first !== undefined) throw source.error(`'${raw}' is assigned twice (first at ${where(first)})`, offset);
      const use = usedAt.get(target);
      if (use !== undefined) throw source.error(`'${raw}' is used (at ${where(use)}) before it is assigned`, offset);
      const value = new Converter({
        source, stmt: valuePart(stmt), functions,
        onSymbol: (s, at) => {
          if (s === target) throw source.error(`'${raw}' is defined in terms of itself`, at);
          noteUse(s, at);
        },
      }).convert(n.value);
      // A user function's body may still mention the target: z = f(1) with f(x) = x + z.
      if (freeSymbols(value).includes(target)) throw source.error(`'${raw}' is defined in terms of itself`, offset);
      assignments.push({ target, expr: value });
      assignedAt.set(target, offset);
      output = target;
    } else if (node.type === 'FunctionAssignmentNode') {
      const n = node as Extract<MathNode, { type: 'FunctionAssignmentNode' }>;
      const offset = stmt.start + findNth(stmt, identPattern(n.name));
      const clash = reserved(n.name, functions);
      if (clash) throw source.error(`cannot define function '${n.name}': ${clash}`, offset);
      const params = n.params.map((p) => symbol(canonicalName(p)));
      if (new Set(params).size !== params.length) {
        throw source.error(`function '${n.name}' repeats a parameter name`, offset);
      }
      const body = new Converter({ source, stmt: valuePart(stmt), functions }).convert(n.expr);
      functions.set(n.name, { name: n.name, params, body });
    } else {
      output = new Converter({ source, stmt, functions, onSymbol: noteUse }).convert(node);
      bare = stmt;
    }
  }
  if (output === undefined) {
    throw source.error('the formula only defines functions; add an expression that uses them', statements[0]!.start);
  }
  return { program: new Program(assignments), output, functions };
}

/** Parse a formula to one expression: the last statement, with every assignment inlined. */
export function parseExpression(src: string, opts: ParseOptions = {}): Expr {
  const { program, output } = parseProgram(src, opts);
  return program.inline(output);
}
