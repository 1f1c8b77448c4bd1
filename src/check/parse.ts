/**
 * A recursive-descent reader for the LaTeX arithmetic of hand calculations, into the Expr IR.
 *
 *   side    := expr | '[' num (',' num)* ']'           (a vector, for x = [1, 1])
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('\times' | '\cdot' | '*' | '/' | '\div' | juxtaposition) unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' arg)*                       (e^{…} is exp)
 *   primary := number | symbol | '(' expr ')' | '\left(' expr '\right)' | '{' expr '}' | '|' expr '|'
 *            | \frac{a}{b} | \frac{\partial X}{\partial Y} | \sqrt{a} | \exp/\log/\ln/\tanh/\sigma … arg
 *
 * Every number the author printed becomes a *literal slot*: a symbol `#k` bound to its value and
 * its number of decimals. Keeping literals as symbols lets the checker evaluate a side, take
 * derivatives with respect to each printed number (for the rounding tolerance), flip the sign of
 * one of them, or swap it for another value, all with the ordinary Expr machinery. Nodes are
 * built raw (no constant folding) so that the tree mirrors what was written.
 *
 * Symbol names (`W_1`, `\hat{y}`, `\partial X / \partial Y`) are read by reader.ts, which the
 * parser extends.
 */
import { apply, constant, symbol, type Expr } from '../expr/node.js';
import type { OpName } from '../expr/ops.js';
import type { Tok } from './lex.js';
import { ACCENTS, FONTS, FUNCS, GREEK, NameReader } from './reader.js';
import { arityOf } from './vocabulary.js';

export { ParseError } from './reader.js';

export interface Slot {
  readonly sym: Expr;
  readonly value: number;
  /** Digits after the decimal point as printed (0 for integers, which count as exact). */
  readonly decimals: number;
  /**
   * How far the true value may be from the printed one inside a computation: ½·10⁻ᵈ, except that
   * integers and one-significant-digit numbers (1, 0.1, 0.01, 0.5 — learning rates, targets,
   * constants) are taken as exact.
   */
  readonly half: number;
  readonly text: string;
  readonly off: number;
}

let slotCounter = 0;

/** Literal slots of one document: `#k` ↦ the printed number. */
export class Slots {
  readonly bySym = new Map<Expr, Slot>();
  make(text: string, off: number): Expr {
    const sym = symbol(`#${slotCounter++}`);
    const dot = text.indexOf('.');
    const decimals = dot < 0 ? 0 : text.length - dot - 1;
    const significant = text.replace('.', '').replace(/^0+/, '').length;
    const half = decimals > 0 && significant >= 2 ? 0.5 / 10 ** decimals : 0;
    this.bySym.set(sym, { sym, value: Number(text), decimals, half, text, off });
    return sym;
  }
  get(e: Expr): Slot | undefined {
    return this.bySym.get(e);
  }
}

/** A multi-letter word read as one variable name rather than a product of letters (wx is w·x). */
const isWordName = (w: string): boolean => w.length >= 3 || w === 'lr';

export const isSlot = (e: Expr): boolean => e.op === 'sym' && e.name.startsWith('#');

export type ParsedSide =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'vector'; readonly items: Expr[] }
  /** `(x_1, y_1)`: several names given values at once. */
  | { readonly kind: 'tuple'; readonly names: string[] };

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '|': '|', '\\lvert': '\\rvert', '\\{': '\\}', '\\lbrack': '\\rbrack' };

export function parseSide(toks: readonly Tok[], slots: Slots, rename?: (name: string) => string): ParsedSide {
  const p = new Parser(toks, slots);
  if (rename) p.renameWith(rename);
  return p.side();
}

/** Limits that keep every later recursive walk shallow. */
const MAX_TOKENS = 1000;
const MAX_DEPTH = 60;

class Parser extends NameReader {
  private depth = 0;
  constructor(toks: readonly Tok[], private readonly slots: Slots) {
    super(toks);
  }

  renameWith(f: (name: string) => string): void {
    this.rename = f;
  }

  side(): ParsedSide {
    if (this.toks.length === 0) this.fail('an empty side');
    if (this.toks.length > MAX_TOKENS) this.fail(`a side of more than ${MAX_TOKENS} tokens is not read`);
    const vec = this.vector() ?? this.matrixVector() ?? this.tuple();
    if (vec) return vec;
    const e = this.expr();
    if (this.peek()) this.fail(`cannot read '${this.peek()!.text}' here`);
    return { kind: 'expr', expr: e };
  }

  /** A matrix environment with one row or one column of signed numbers: a vector. */
  private matrixVector(): ParsedSide | undefined {
    const t = this.peek();
    if (this.toks.length !== 1 || t?.text !== '\\matrix' || !t.cells) return undefined;
    const cells = t.cells.length === 1 ? t.cells[0]! : t.cells.every((r) => r.length === 1) ? t.cells.map((r) => r[0]!) : undefined;
    if (!cells) return undefined;
    const items: Expr[] = [];
    for (const c of cells) {
      const neg = c[0]?.text === '-';
      const n = c[neg ? 1 : 0];
      if (!n || n.kind !== 'num' || c.length !== (neg ? 2 : 1)) return undefined;
      const sl = this.slots.make(n.text, n.off);
      items.push(neg ? apply('neg', [sl]) : sl);
    }
    this.pos = 1;
    return { kind: 'vector', items };
  }

  /** `(x_1, y_1)`: a list of names. */
  private tuple(): ParsedSide | undefined {
    if (!this.is('(') || this.toks[this.toks.length - 1]?.text !== ')' || !this.toks.some((t) => t.text === ',')) return undefined;
    const save = this.pos;
    try {
      this.pos++;
      const names = [this.symbolName()];
      while (this.is(',')) { this.pos++; names.push(this.symbolName()); }
      this.expect(')');
      return this.peek() ? undefined : { kind: 'tuple', names };
    } catch {
      return undefined;
    } finally {
      if (this.peek()) this.pos = save;
    }
  }

  /** `[1, 1]`, `(1, 1)` or `[1, 1]^T`: a list of signed numbers. */
  private vector(): ParsedSide | undefined {
    const open = this.peek()?.text;
    if (open !== '[' && open !== '(') return undefined;
    const close = open === '[' ? ']' : ')';
    const texts = this.toks.map((t) => t.text);
    if (!texts.includes(',')) return undefined;
    const items: Expr[] = [];
    let k = 1;
    while (k < this.toks.length) {
      const neg = this.toks[k]?.text === '-';
      if (neg) k++;
      const t = this.toks[k];
      if (!t || t.kind !== 'num') return undefined;
      const s = this.slots.make(t.text, t.off);
      items.push(neg ? apply('neg', [s]) : s);
      k++;
      if (this.toks[k]?.text === ',') { k++; continue; }
      if (this.toks[k]?.text !== close) return undefined;
      k++;
      break;
    }
    const tail = this.toks.slice(k).map((t) => t.text).join('');
    if (tail !== '' && tail !== '^T' && tail !== '^{T}' && tail !== '^\\top') return undefined;
    return { kind: 'vector', items };
  }

  private expr(): Expr {
    let e = this.term();
    for (;;) {
      if (this.is('+')) { this.pos++; e = apply('add', [e, this.term()]); }
      else if (this.is('-')) { this.pos++; e = apply('sub', [e, this.term()]); }
      else return e;
    }
  }

  private term(): Expr {
    let e = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t) return e;
      if (t.text === '\\times' || t.text === '\\cdot' || t.text === '*' || t.text === '\\ast') {
        this.pos++;
        e = apply('mul', [e, this.unary()]);
      } else if (t.text === '/' || t.text === '\\div') {
        this.pos++;
        e = apply('div', [e, this.unary()]);
      } else if (this.startsPrimary(t)) {
        e = apply('mul', [e, this.power()]);
      } else {
        return e;
      }
    }
  }

  private startsPrimary(t: Tok): boolean {
    if (t.kind === 'num' || t.kind === 'id') return true;
    if (t.kind === 'ch') return t.text === '(' || t.text === '[' || t.text === '{';
    return GREEK.has(t.text) || ACCENTS.has(t.text) || FONTS.has(t.text) || t.text === '\\left' || t.text === '\\partial'
      || ['\\frac', '\\dfrac', '\\tfrac', '\\cfrac', '\\sqrt', '\\operatorname', '\\text', '\\lvert'].includes(t.text)
      || FUNCS[t.text.slice(1)] !== undefined;
  }

  private unary(): Expr {
    if (this.is('-')) { this.pos++; return apply('neg', [this.unary()]); }
    if (this.is('+')) { this.pos++; return this.unary(); }
    return this.power();
  }

  private power(): Expr {
    let e = this.primary();
    while (this.is('^')) {
      this.pos++;
      e = apply('pow', [e, this.arg()]);
    }
    return e;
  }

  /** A macro argument: `{…}` or a single token (one digit of a number, as TeX reads `x^23`). */
  private arg(): Expr {
    if (this.is('{')) return this.group('{', '}');
    const t = this.peek();
    if (t?.kind === 'num' && t.text.length > 1) {
      this.splitNumber();
      return this.slots.make(this.take().text, t.off);
    }
    if (t?.kind === 'id' && t.text.length > 1) this.fail(`cannot read '${t.text}' as an argument`);
    return this.primary();
  }

  private group(open: string, close: string): Expr {
    this.expect(open);
    if (this.is(close)) this.fail('empty braces');
    let e = this.expr();
    // Plain TeX's `{a \over b}`.
    if (open === '{' && this.is('\\over')) { this.pos++; e = apply('div', [e, this.expr()]); }
    if (this.is(',')) this.fail('a list of values is not arithmetic');
    this.expect(close);
    return e;
  }

  private primary(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail(`brackets nested more than ${MAX_DEPTH} deep are not read`);
    try {
      return this.primaryInner();
    } finally {
      this.depth--;
    }
  }

  private primaryInner(): Expr {
    const t = this.peek();
    if (!t) this.fail('the formula ends too early');
    if (t.kind === 'num') {
      this.pos++;
      return this.slots.make(t.text, t.off);
    }
    if (t.kind === 'ch') {
      if (t.text === '(') return this.group('(', ')');
      if (t.text === '[') return this.group('[', ']');
      if (t.text === '{') return this.group('{', '}');
      if (t.text === '|') return apply('abs', [this.group('|', '|')]);
      this.fail(`cannot read '${t.text}' here`);
    }
    if (t.kind === 'id') return this.identifier(t);
    return this.command(t);
  }

  private identifier(t: Tok): Expr {
    if (t.name !== undefined) { this.pos++; return symbol(this.rename(t.name)); }
    if (t.text.length > 1 && this.adjacentIndex(t)) return this.symbolAt();
    if (t.text.length > 1) {
      const f = FUNCS[t.text];
      if (f && this.is('(', 1)) { this.pos++; return this.applyFn(f); }
      // A word with a subscript is one name, as tutorials write it: net_{h1}, out_{o1}; so is a
      // word a program would use as a variable (lr, grad, error, loss, cost).
      if (!f && (this.is('_', 1) || (isWordName(t.text) && !this.is('(', 1)))) return this.symbolAt();
      this.fail(`unknown name '${t.text}'`);
    }
    if (t.text === 'e' && !this.is('_', 1)) {
      this.pos++;
      if (this.is('^')) { this.pos++; return apply('exp', [this.arg()]); }
      return apply('exp', [constant(1)]);
    }
    return this.symbolAt();
  }

  private command(t: Tok): Expr {
    const name = t.text;
    if (name === '\\frac' || name === '\\dfrac' || name === '\\tfrac' || name === '\\cfrac') {
      this.pos++;
      if (this.is('{') && this.is('\\partial', 1)) return this.partialFrac();
      const num = this.arg();
      return apply('div', [num, this.arg()]);
    }
    if (name === '\\partial') return this.partialSlash();
    if (name === '\\sqrt') {
      this.pos++;
      if (this.is('[')) this.fail('roots other than the square root are not read');
      return apply('sqrt', [this.arg()]);
    }
    if (name === '\\left') {
      this.pos++;
      const open = this.take().text;
      const close = OPEN[open];
      if (!close) this.fail(`cannot read '\\left${open}'`);
      const e = this.expr();
      if (this.is(',')) this.fail('a list of values is not arithmetic');
      this.expect('\\right');
      this.expect(close === '}' ? ')' : close);
      return open === '|' || open === '\\lvert' ? apply('abs', [e]) : e;
    }
    if (name === '\\lvert') { this.pos++; const e = this.expr(); this.expect('\\rvert'); return apply('abs', [e]); }
    // `\text{net}_{h1}`: a word set upright, with a subscript, is a name.
    if (name === '\\text' && this.wordArg() !== undefined && (this.is('_', 4) || (FUNCS[this.wordArg()!] === undefined && !this.is('(', 4)))) return this.symbolAt();
    if (name === '\\operatorname' || name === '\\text' || name === '\\mathrm' && this.wordArg() !== undefined && FUNCS[this.wordArg()!]) {
      const word = this.wordArg();
      const f = word === undefined ? undefined : FUNCS[word];
      if (!f) this.fail(name === '\\text' ? 'text inside the formula' : `unknown function '${word ?? '?'}'`);
      this.pos += 4;
      return this.applyFn(f);
    }
    if (name === '\\sigma' && (this.is('(', 1) || this.is('\\left', 1))) { this.pos++; return this.applyFn('sigmoid'); }
    const f = FUNCS[name.slice(1)];
    if (f && name !== '\\sigma') {
      this.pos++;
      if (this.is('_')) this.fail(`'${name}' with a subscript (a base?) is not read`);
      return this.applyFn(f);
    }
    if (GREEK.has(name) || ACCENTS.has(name) || FONTS.has(name)) return this.symbolAt();
    if (name === '\\cdots' || name === '\\ldots' || name === '\\dots') this.fail('an ellipsis (…) cannot be evaluated');
    if (name === '\\sum' || name === '\\prod') this.fail(`'${name}' (a sum over an index) is not evaluated`);
    this.fail(`unknown command '${name}'`);
  }

  /** f(args): parenthesised (commas for max/min) or a single power-level argument (`\log x`). */
  private applyFn(op: OpName): Expr {
    if (this.is('(') || this.is('\\left') || this.is('[')) {
      const viaLeft = this.is('\\left');
      if (viaLeft) this.pos++;
      const open = this.take().text;
      const close = open === '(' ? ')' : open === '[' ? ']' : this.fail(`cannot read '${open}' after a function`);
      const args = [this.expr()];
      while (this.is(',')) { this.pos++; args.push(this.expr()); }
      if (viaLeft) this.expect('\\right');
      this.expect(close);
      return this.fnNode(op, args);
    }
    return this.fnNode(op, [this.is('{') ? this.group('{', '}') : this.power()]);
  }

  private fnNode(op: OpName, args: Expr[]): Expr {
    const arity = arityOf(op);
    if (args.length !== arity) this.fail(`${op} takes ${arity} argument(s), found ${args.length}`);
    return apply(op, args);
  }
}
