/**
 * `symgrad diff "<formula>" --wrt w[,b,…] [--at w=0.5,x=1] [--latex] [--order 2] [--json]`:
 * exact derivatives of a formula, simplified, as text (and LaTeX), with their values at a point.
 * A formula with assignments (`z = w*x + b; s = sigmoid(z); L = …`) is differentiated through
 * the program: the closed form comes from inlining the assignments, and the chain rule is shown
 * as the product of local factors ∂L/∂s · ∂s/∂z · ∂z/∂w along each path (programGradient). A
 * variable may also be an intermediate (∂L/∂z treats z as a leaf). `--order 2` gives second
 * derivatives, the Hessian's upper triangle for several variables; higher orders give each
 * variable's pure derivative.
 */
import { parseArgs } from 'node:util';
import { freeSymbols, substitute, symbol, treeSize, type Expr } from '../expr/node.js';
import { evaluate } from '../expr/eval.js';
import { derivative, hessian, nthDerivative } from '../diff/reverse.js';
import { Program, programGradient, type Link } from '../diff/program.js';
import { simplify } from '../simplify/index.js';
import { parseProgram } from '../parse/index.js';
import { canonicalName, symbolText } from '../render/names.js';
import { partialLatex, toLatex } from '../render/latex.js';
import { toText } from '../render/text.js';
import { SymgradError } from '../errors.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = `usage: symgrad diff "<formula>" --wrt w[,b,...] [--at w=0.5,x=1] [--latex] [--order N] [--json]

  <formula>   an expression (sigmoid(w*x + b)) or assignments separated by ';' or newlines
              (z = w*x + b; s = sigmoid(z); L = (s - y)^2); user functions: swish(x) = x*sigmoid(x)
              (a formula that starts with '-' goes after '--')
  --wrt       the variables, comma-separated (inputs, or intermediates of the assignments)
  --at        a point binding every input, e.g. w=0.5,x=1,b=0: prints the values there
  --latex     also print each derivative as LaTeX
  --order N   N-th derivatives (default 1); 2 gives the Hessian entries for several variables
  --json      print one JSON object (text, LaTeX, values, chain-rule factors)`;

const OPTIONS = {
  wrt: { type: 'string', multiple: true },
  at: { type: 'string', multiple: true },
  latex: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  order: { type: 'string' },
} as const satisfies Flags;

/** Trees bigger than this are not printed (their size, not their text, is shown). */
const MAX_PRINTED_NODES = 20000;
const MAX_ORDER = 6;
/** The chain rule is listed path by path only up to this many paths (they multiply with depth). */
const MAX_PATHS = 16;

interface Request {
  readonly formula: string;
  readonly wrt: readonly string[];
  readonly at: ReadonlyMap<string, number> | undefined;
  readonly latex: boolean;
  readonly json: boolean;
  readonly order: number;
}

interface Factor {
  readonly of: string;
  readonly wrt: string;
  readonly text: string;
  readonly latex: string;
}

interface Result {
  /** The variables, in differentiation order (w, b for ∂²f/∂w∂b). */
  readonly wrt: readonly Expr[];
  readonly expr: Expr;
  readonly value: number | undefined;
  /** For first derivatives through assignments: one list of local factors per path. */
  readonly chain: readonly (readonly Factor[])[] | undefined;
  /** How many chain-rule paths there are (when there are too many to list). */
  readonly paths?: number;
}

function fail(message: string): never {
  throw new SymgradError(message);
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
}

function readRequest(argv: string[]): Request {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  if (positionals.length !== 1) fail(`expected one formula in quotes, got ${positionals.length} (see --help)`);
  const wrt = list(values.wrt);
  if (wrt.length === 0) fail('--wrt: name at least one variable, e.g. --wrt w,b');
  const order = values.order === undefined ? 1 : Number(values.order);
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) fail(`--order: expected 1 to ${MAX_ORDER}, got '${values.order}'`);
  const at = values.at === undefined ? undefined : readPoint(list(values.at));
  return { formula: positionals[0]!, wrt, at, latex: values.latex ?? false, json: values.json ?? false, order };
}

/** `w=0.5`, `x=-1`, `\hat{y}=0.3` → canonical symbol name → number. */
function readPoint(items: readonly string[]): Map<string, number> {
  const point = new Map<string, number>();
  for (const item of items) {
    // any spelling of a name: `w1`, `z_12`, `z_{12}`, `\hat{y}` (canonicalName reads them all)
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
    if (!m) fail(`--at: expected name=number, got '${item}'`);
    const value = Number(m[2]);
    if (m[2]!.length === 0 || !Number.isFinite(value)) fail(`--at: '${m[1]}' needs a finite number, got '${m[2]}'`);
    const name = canonicalName(m[1]!);
    if (point.has(name)) fail(`--at: '${m[1]}' is given twice`);
    point.set(name, value);
  }
  return point;
}

const name = (e: Expr) => symbolText(e.name);
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => (n === 1 ? '' : [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join(''));

/** `∂L/∂w`, `∂²f/∂w²`, `∂²f/∂w∂b`. */
function partialText(f: string, vars: readonly Expr[]): string {
  const groups: Array<[string, number]> = [];
  for (const v of vars) {
    const last = groups[groups.length - 1];
    if (last && last[0] === name(v)) last[1] += 1;
    else groups.push([name(v), 1]);
  }
  return `∂${sup(vars.length)}${f}/${groups.map(([n, k]) => `∂${n}${sup(k)}`).join('')}`;
}

const show = (e: Expr, print: (e: Expr) => string): string =>
  treeSize(e) > MAX_PRINTED_NODES ? `(an expression of ${treeSize(e)} nodes: too large to print)` : print(e);

/** The number of chain-rule paths from the output down to v, counted without listing them. */
function countPaths(links: readonly Link[], output: Expr, v: Expr): number {
  const memo = new Map<Expr, number>();
  const count = (t: Expr): number => {
    if (t === v) return 1;
    const hit = memo.get(t);
    if (hit !== undefined) return hit;
    const n = links.filter((l) => l.target === t).reduce((acc, l) => acc + count(l.input), 0);
    memo.set(t, n);
    return n;
  };
  return count(output);
}

function chainOf(program: Program, output: Expr, v: Expr): { chain?: Factor[][]; paths: number } {
  const factor = (l: Link): Factor => {
    // Write the local factor with the target's own name where it reappears: ∂s/∂z = s (1 − s).
    const def = program.definition(l.target)!;
    const local = substitute(simplify(l.local), new Map([[def, l.target]]));
    return { of: name(l.target), wrt: name(l.input), text: show(local, toText), latex: show(local, toLatex) };
  };
  const pg = programGradient(program, output, [v]);
  const paths = countPaths(pg.links, output, v);
  return paths > MAX_PATHS ? { paths } : { chain: pg.paths(v).map((path) => path.map(factor)), paths };
}

/** Every derivative the request asks for. */
function derive(req: Request, program: Program, output: Expr): Result[] {
  const isProgram = program.definition(output) !== undefined;
  const f = program.inline(output);
  const inputs = freeSymbols(f);
  const vars = req.wrt.map((w) => {
    const s = symbol(canonicalName(w));
    if (inputs.includes(s) || program.definition(s) !== undefined) return s;
    return fail(`--wrt: '${w}' does not appear in the formula (its inputs: ${inputs.map(name).join(', ') || 'none'})`);
  });
  const intermediates = vars.filter((v) => program.definition(v) !== undefined);
  if (req.order > 1 && intermediates.length > 0) {
    fail(`--order ${req.order}: higher derivatives are taken with respect to inputs; '${name(intermediates[0]!)}' is an intermediate`);
  }
  const env = req.at === undefined ? undefined : bindPoint(req.at, inputs);
  const valueOf = (e: Expr) => (env === undefined ? undefined : evaluate(program.inline(e), env));
  const result = (wrt: Expr[], expr: Expr, chain?: { chain?: Factor[][]; paths: number }): Result =>
    ({ wrt, expr, value: valueOf(expr), chain: chain?.chain, paths: chain?.paths });

  if (req.order === 1) {
    return vars.map((v) => {
      // ∂L/∂z for an intermediate z: the output with z as a leaf (its assignment dropped).
      const leafed = program.definition(v) === undefined ? f : new Program(program.assignments.filter((a) => a.target !== v)).inline(output);
      const chain = isProgram ? chainOf(program, output, v) : undefined;
      return result([v], simplify(derivative(leafed, v)), chain);
    });
  }
  if (req.order === 2) {
    const h = hessian(f, vars, simplify);
    return vars.flatMap((vi, i) => vars.slice(i).map((vj, k) => result([vi, vj], h[i]![i + k]!)));
  }
  return vars.map((v) => result(Array<Expr>(req.order).fill(v), nthDerivative(f, Array<Expr>(req.order).fill(v), simplify)));
}

/** The point as an environment, after checking that it binds exactly the formula's inputs. */
function bindPoint(point: ReadonlyMap<string, number>, inputs: readonly Expr[]): Map<string, number> {
  const missing = inputs.filter((s) => !point.has(s.name));
  if (missing.length > 0) fail(`--at: no value for ${missing.map(name).join(', ')} (the formula's inputs: ${inputs.map(name).join(', ')})`);
  for (const key of point.keys()) {
    if (!inputs.some((s) => s.name === key)) fail(`--at: '${symbolText(key)}' is not an input of the formula (its inputs: ${inputs.map(name).join(', ')})`);
  }
  return new Map(point);
}

function report(req: Request, program: Program, output: Expr, results: readonly Result[], io: Io): void {
  const isProgram = program.definition(output) !== undefined;
  const fName = isProgram ? name(output) : 'f';
  const fTex = isProgram ? output : 'f';
  const f = program.inline(output);
  const fValue = req.at === undefined ? undefined : evaluate(f, bindPoint(req.at, freeSymbols(f)));
  const point = req.at === undefined ? '' : [...req.at].map(([k, v]) => `${symbolText(k)}=${v}`).join(', ');
  if (req.json) {
    const json = {
      function: { name: fName, text: show(f, toText), latex: show(f, toLatex), value: fValue },
      assignments: program.assignments.map((a) => ({ name: name(a.target), text: show(a.expr, toText), latex: show(a.expr, toLatex) })),
      at: req.at === undefined ? undefined : Object.fromEntries([...req.at].map(([k, v]) => [symbolText(k), v])),
      derivatives: results.map((r) => ({
        wrt: r.wrt.map(name),
        name: partialText(fName, r.wrt),
        text: show(r.expr, toText),
        latex: `${partialLatex(fTex, r.wrt)} = ${show(r.expr, toLatex)}`,
        value: r.value,
        chain: r.chain,
        paths: r.paths,
      })),
    };
    io.out(JSON.stringify(json, null, 2));
    return;
  }
  const lines: string[] = [];
  if (isProgram) for (const a of program.assignments) lines.push(`${name(a.target)} = ${show(a.expr, toText)}`);
  else lines.push(`f = ${show(f, toText)}`);
  if (fValue !== undefined) lines.push(`  at ${point}: ${fName} = ${fValue}`);
  for (const r of results) {
    lines.push('', `${partialText(fName, r.wrt)} = ${show(r.expr, toText)}`);
    if (r.value !== undefined) lines.push(`  at ${point}: ${r.value}`);
    if (req.latex) lines.push(`  latex: ${partialLatex(fTex, r.wrt)} = ${show(r.expr, toLatex)}`);
    if (!r.chain && r.paths !== undefined) lines.push(`  chain rule: a sum over ${r.paths} paths through the assignments (too many to list)`);
    // One path of one factor is the derivative itself: `∂L/∂s = ∂L/∂s` says nothing.
    const trivial = r.chain?.length === 1 && r.chain[0]!.length === 1;
    if (r.chain && r.chain.length > 0 && !trivial) {
      const products = r.chain.map((path) => path.map((k) => `∂${k.of}/∂${k.wrt}`).join(' · '));
      lines.push(`  chain rule: ${partialText(fName, r.wrt)} = ${products.join(' + ')}`);
      const seen = new Set<string>();
      for (const k of r.chain.flat()) {
        const key = `∂${k.of}/∂${k.wrt}`;
        if (seen.has(key)) continue;
        seen.add(key);
        lines.push(`    ${key} = ${k.text}`);
        if (req.latex) lines.push(`      latex: ${partialLatex(symbol(canonicalName(k.of)), symbol(canonicalName(k.wrt)))} = ${k.latex}`);
      }
    }
  }
  io.out(lines.join('\n'));
}

export const diffCommand: Command = {
  summary: 'Differentiate a formula exactly: simplified derivatives as text and LaTeX, values at a point, the chain rule through assignments.',
  usage: USAGE,
  options: OPTIONS,
  run(argv, io) {
    const req = readRequest(argv);
    const { program, output } = parseProgram(req.formula);
    const results = derive(req, program, output);
    report(req, program, output, results, io);
    return 0;
  },
};
