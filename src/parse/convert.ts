/**
 * mathjs syntax trees → symgrad expressions. Only mathjs's parser is used; its nodes are read
 * here and rebuilt through our builders: numbers stay exact, identifiers become canonical symbol
 * names (`sigma_3` → `\sigma_3`), `e` and `pi` are the named constants and `e^x` is exp(x), `c ? a : b` is
 * where(c, a, b). Anything else mathjs accepts (matrices, ranges, strings, indexing, other
 * operators) is rejected with a SymgradError naming the token and its place.
 */
import { constant, symbol, type Expr } from '../expr/node.js';
import * as B from '../expr/build.js';
import { canonicalName } from '../expr/names.js';
import { BUILTINS, CONSTANTS, build, expand, type UserFunction } from './functions.js';
import { findNth, identPattern, literalPattern, type Source, type Statement } from './source.js';

/** The parts of mathjs's node types that the converter reads. */
export type MathNode =
  | { type: 'ConstantNode'; value: unknown }
  | { type: 'SymbolNode'; name: string }
  | { type: 'ParenthesisNode'; content: MathNode }
  | { type: 'OperatorNode'; op: string; fn: string; args: MathNode[]; implicit: boolean }
  | { type: 'FunctionNode'; fn: MathNode; args: MathNode[] }
  | { type: 'ConditionalNode'; condition: MathNode; trueExpr: MathNode; falseExpr: MathNode }
  | { type: 'AssignmentNode'; object: MathNode; value: MathNode; index: unknown }
  | { type: 'FunctionAssignmentNode'; name: string; params: string[]; expr: MathNode }
  | { type: string };

/** mathjs operator functions → how to build them. */
const OPERATORS: Record<string, (a: Expr[]) => Expr> = {
  add: ([a, b]) => B.add(a!, b!),
  subtract: ([a, b]) => B.sub(a!, b!),
  multiply: ([a, b]) => B.mul(a!, b!),
  divide: ([a, b]) => B.div(a!, b!),
  // eˣ is written e^x: make it the exp primitive.
  pow: ([a, b]) => (a!.op === 'e' ? B.exp(b!) : B.pow(a!, b!)),
  unaryMinus: ([a]) => B.neg(a!),
  unaryPlus: ([a]) => a!,
  larger: ([a, b]) => build('gt', [a!, b!]),
  largerEq: ([a, b]) => build('ge', [a!, b!]),
  smaller: ([a, b]) => build('lt', [a!, b!]),
  smallerEq: ([a, b]) => build('le', [a!, b!]),
  equal: ([a, b]) => build('eq', [a!, b!]),
};

/** What mathjs node kinds mean, for the message when they are not supported. */
const UNSUPPORTED: Record<string, [what: string, token: string]> = {
  ArrayNode: ['matrices and vectors are not supported', '['],
  RangeNode: ['ranges are not supported', ':'],
  ObjectNode: ['objects are not supported', '{'],
  AccessorNode: ['indexing and properties are not supported', '['],
  IndexNode: ['indexing is not supported', '['],
  RelationalNode: ['chained comparisons (a < b < c) are not supported; use one comparison', '<'],
  BlockNode: ['more than one statement here is not supported', ';'],
  AssignmentNode: ['an assignment inside an expression is not supported', '='],
  FunctionAssignmentNode: ['a function definition inside an expression is not supported', '='],
};

/** A node being converted: its arguments still to do, those done, and how to build it. */
interface Frame {
  readonly kids: readonly MathNode[];
  readonly done: Expr[];
  readonly leaf?: Expr;
  readonly build?: (args: Expr[]) => Expr;
}
type FrameOf = (kids: MathNode[], build: (args: Expr[]) => Expr) => Frame;

/** A decimal literal as mathjs reads it: 12, 1.5, .5, 1e400, 2.5E-3. */
const NUMBER_LITERAL = /(?<![\w.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

export interface ConvertContext {
  readonly source: Source;
  readonly stmt: Statement;
  readonly functions: ReadonlyMap<string, UserFunction>;
  /** Called for every symbol read (to check use before assignment). */
  readonly onSymbol?: (s: Expr, offset: number) => void;
}

/** Converts one statement's tree, counting occurrences so errors point at the right token. */
export class Converter {
  private readonly seen = new Map<string, number>();

  constructor(private readonly ctx: ConvertContext) {}

  /** Absolute offset of the next occurrence of a token in this statement (counting as we go). */
  private at(key: string, pattern: RegExp, advance = true): number {
    const n = this.seen.get(key) ?? 0;
    if (advance) this.seen.set(key, n + 1);
    return this.ctx.stmt.start + findNth(this.ctx.stmt, pattern, n);
  }

  private fail(message: string, offset: number): never {
    throw this.ctx.source.error(message, offset);
  }

  /**
   * Convert a tree without recursion (a 100,000-term sum is a tree 100,000 deep): each node is
   * entered in the order the recursive reading would reach it (so tokens are counted left to
   * right), its arguments are converted, then it is built from them.
   */
  convert(root: MathNode): Expr {
    const stack: Frame[] = [this.enter(root)];
    for (;;) {
      const top = stack[stack.length - 1]!;
      if (top.done.length < top.kids.length) {
        stack.push(this.enter(top.kids[top.done.length]!));
        continue;
      }
      stack.pop();
      const e = top.leaf ?? top.build!(top.done);
      if (stack.length === 0) return e;
      stack[stack.length - 1]!.done.push(e);
    }
  }

  /** Check a node as it is reached and say what it needs: its arguments and how to build it. */
  private enter(node: MathNode): Frame {
    const frame = (kids: MathNode[], build: (args: Expr[]) => Expr): Frame => ({ kids, done: [], build });
    switch (node.type) {
      case 'ConstantNode': return { kids: [], done: [], leaf: this.constantNode(node as Extract<MathNode, { type: 'ConstantNode' }>) };
      case 'SymbolNode': return { kids: [], done: [], leaf: this.symbolNode((node as Extract<MathNode, { type: 'SymbolNode' }>).name) };
      case 'ParenthesisNode': return frame([(node as Extract<MathNode, { type: 'ParenthesisNode' }>).content], ([a]) => a!);
      case 'OperatorNode': return this.operatorNode(node as Extract<MathNode, { type: 'OperatorNode' }>, frame);
      case 'FunctionNode': return this.functionNode(node as Extract<MathNode, { type: 'FunctionNode' }>, frame);
      case 'ConditionalNode': {
        const n = node as Extract<MathNode, { type: 'ConditionalNode' }>;
        // c ? a : b is where(c, a, b)
        return frame([n.condition, n.trueExpr, n.falseExpr], ([c, a, b]) => B.where(c!, a!, b!));
      }
      default: {
        const [what, mark] = UNSUPPORTED[node.type] ?? [`unsupported syntax (${node.type})`, ''];
        // x.y is an accessor too, without a bracket.
        const token = node.type === 'AccessorNode' && !this.ctx.stmt.text.includes('[') ? '.' : mark;
        const offset = token ? this.at(`tok:${token}`, literalPattern(token), false) : this.ctx.stmt.start;
        return this.fail(token ? `${what}: '${token}'` : what, offset);
      }
    }
  }

  private constantNode(node: { value: unknown }): Expr {
    const v = node.value;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) this.fail(`'NaN' is not allowed in a formula`, this.at('sym:NaN', identPattern('NaN'), false));
      if (!Number.isFinite(v)) {
        // 1e400 reads as Infinity in float64: say so at the literal instead of computing with it.
        const lit = [...this.ctx.stmt.text.matchAll(NUMBER_LITERAL)].find((m) => !Number.isFinite(Number(m[0])));
        const offset = this.ctx.stmt.start + (lit?.index ?? 0);
        this.fail(`the number ${lit ? `'${lit[0]}' ` : ''}is too large for float64 (at most about 1.8e308)`, offset);
      }
      return constant(v);
    }
    if (typeof v === 'string') {
      return this.fail(`strings are not supported: "${v}"`, this.at('tok:"', /["']/, false));
    }
    const word = String(v);
    return this.fail(`'${word}' is not a number or a symbol`, this.at(`sym:${word}`, identPattern(word), false));
  }

  private symbolNode(name: string): Expr {
    const offset = this.at(`sym:${name}`, identPattern(name));
    const c = CONSTANTS.get(name);
    if (c !== undefined) return c();
    if (name === 'NaN') this.fail(`'NaN' is not allowed in a formula`, offset);
    if (BUILTINS.has(name) || this.ctx.functions.has(name)) {
      this.fail(`'${name}' is a function; call it as ${name}(…)`, offset);
    }
    const s = symbol(canonicalName(name));
    this.ctx.onSymbol?.(s, offset);
    return s;
  }

  private operatorNode(node: Extract<MathNode, { type: 'OperatorNode' }>, frame: FrameOf): Frame {
    const make = OPERATORS[node.fn];
    if (!make) {
      const offset = this.at(`op:${node.op}`, literalPattern(node.op), false);
      return this.fail(`unsupported operator '${node.op}'`, offset);
    }
    return frame(node.args, make);
  }

  private functionNode(node: Extract<MathNode, { type: 'FunctionNode' }>, frame: FrameOf): Frame {
    if (node.fn.type !== 'SymbolNode') {
      return this.fail('only named functions can be called', this.ctx.stmt.start);
    }
    const name = (node.fn as { name: string }).name;
    const offset = this.at(`call:${name}`, identPattern(name, true));
    const user = this.ctx.functions.get(name);
    const builtin = BUILTINS.get(name);
    if (!user && !builtin) {
      const known = [...BUILTINS.keys(), ...this.ctx.functions.keys()].join(', ');
      return this.fail(`unknown function '${name}' (known: ${known})`, offset);
    }
    const min = user ? user.params.length : builtin!.minArgs;
    const max = user ? user.params.length : builtin!.maxArgs;
    const n = node.args.length;
    if (n < min || n > max) {
      const want = min === max ? `${min}` : `${min} or ${max}`;
      return this.fail(`${name}() takes ${want} argument${max === 1 ? '' : 's'}, got ${n}`, offset);
    }
    return frame(node.args, (args) => (user ? expand(user, args) : builtin!.build(args)));
  }
}
