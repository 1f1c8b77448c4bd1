/**
 * The token cursor of the hand-calculation parser and the part of it that reads symbol names.
 * A name is a base (a letter, a Greek command, an accent or font over a group, or a word with a
 * subscript such as `net_{h1}`) followed by subscripts, name marks (`^{(1)}`, `^{+}`, `'`) and a
 * time index (`(t)`, `(t+1)`); it is returned in the canonical spelling of names.ts, with a
 * value after an update written `X(t+1)`. `∂X/∂Y`, slashed or as a fraction, is one name.
 * The arithmetic grammar (parse.ts) extends this reader.
 */
import { symbol, type Expr } from '../expr/node.js';
import type { Tok } from './lex.js';
import { displayName, isNameMark, isUpdateMark, partialName, subscripted, updatedName } from './names.js';
import { FUNCS } from './vocabulary.js';

export class ParseError extends Error {
  constructor(message: string, readonly off: number) {
    super(message);
  }
}

export const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda',
  'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Phi', 'Psi', 'Omega',
].map((g) => `\\${g}`));
export const ACCENTS = new Set(['\\hat', '\\widehat', '\\bar', '\\overline', '\\tilde', '\\widetilde', '\\vec', '\\dot']);
export const FONTS = new Set(['\\mathcal', '\\mathbf', '\\mathrm', '\\mathit', '\\boldsymbol', '\\bm', '\\mathbb', '\\mathsf']);
export { FUNCS } from './vocabulary.js';

/** A cursor over the tokens of one side, with the symbol-name rules; parse.ts adds the arithmetic. */
export class NameReader {
  protected pos = 0;
  /** A name as it is meant here (a per-sample quantity in a sample's section: samples.ts). */
  protected rename: (name: string) => string = (n) => n;
  constructor(protected readonly toks: readonly Tok[]) {}

  protected peek(k = 0): Tok | undefined {
    return this.toks[this.pos + k];
  }
  protected is(text: string, k = 0): boolean {
    return this.peek(k)?.text === text;
  }
  protected fail(msg: string, tok = this.peek()): never {
    const last = this.toks[this.toks.length - 1];
    throw new ParseError(msg, tok?.off ?? (last ? last.off : 0));
  }
  protected take(): Tok {
    const t = this.peek();
    if (!t) this.fail('the formula ends too early');
    this.pos++;
    return t;
  }
  protected expect(text: string): void {
    if (!this.is(text)) this.fail(`expected '${text}'${this.peek() ? ` but found '${this.peek()!.text}'` : ' at the end'}`);
    this.pos++;
  }

  /** Split the number token in front into its first digit and the rest (TeX's one-token argument). */
  protected splitNumber(): void {
    const t = this.peek()!;
    const toks = this.toks as Tok[];
    toks.splice(this.pos, 1, { kind: 'num', text: t.text[0]!, off: t.off }, { kind: 'num', text: t.text.slice(1), off: t.off + 1 });
  }

  /** The word inside `\cmd{word}` when the next tokens are exactly that. */
  protected wordArg(): string | undefined {
    if (this.is('{', 1) && this.peek(2)?.kind === 'id' && this.is('}', 3)) return this.peek(2)!.text;
    return undefined;
  }

  /** `\frac{\partial X}{\partial Y}` as the one symbol ∂X/∂Y. */
  protected partialFrac(): Expr {
    this.expect('{');
    this.expect('\\partial');
    const num = this.symbolName();
    this.expect('}');
    this.expect('{');
    this.expect('\\partial');
    const den = this.symbolName();
    this.expect('}');
    return symbol(partialName(num, den));
  }

  /** `\partial X / \partial Y`. */
  protected partialSlash(): Expr {
    this.expect('\\partial');
    const num = this.symbolName();
    this.expect('/');
    this.expect('\\partial');
    return symbol(partialName(num, this.symbolName()));
  }

  protected symbolAt(): Expr {
    return symbol(this.symbolName());
  }

  /** A symbol name: base (letter, Greek, accent or font) with subscripts, name marks and time index. */
  protected symbolName(): string {
    return this.rename(this.rawName());
  }

  private rawName(): string {
    const t = this.take();
    if (t.name !== undefined) return t.name;
    let name: string;
    if (t.kind === 'id' && this.adjacentIndex(t, 0)) name = subscripted(t.text.length === 1 ? t.text : `\\mathrm{${t.text}}`, this.take().text);
    else if (t.kind === 'id' && t.text.length === 1) name = t.text;
    // net_{h1}, \text{net}_{h1} and \mathrm{net}_{h1} are one name.
    else if (t.kind === 'id' && FUNCS[t.text] === undefined && (this.is('_') || (t.text.length > 1 && !this.is('(')))) name = `\\mathrm{${t.text}}`;
    else if (t.text === '\\text' && this.is('{') && this.peek(1)?.kind === 'id' && this.is('}', 2)) name = `\\mathrm{${this.rawGroup()}}`;
    else if (GREEK.has(t.text)) name = t.text;
    else if (ACCENTS.has(t.text) || FONTS.has(t.text)) {
      const inner = this.is('{') ? this.rawGroup() : this.take().text;
      if (inner.length === 0) this.fail(`empty '${t.text}{}'`);
      name = `${t.text === '\\widehat' ? '\\hat' : t.text}{${inner}}`;
    } else this.fail(`expected a symbol, found '${t.text}'`, t);
    let updated = false;
    for (;;) {
      if (this.is('_')) {
        this.pos++;
        const n = this.peek();
        if (n?.kind === 'num' && n.text.length > 1 && !n.text.includes('.')) this.splitNumber();
        const sub = this.is('{') ? this.rawGroup() : this.take().text;
        // w_{new}, w_{next}: the value after the update.
        if (/^(new|next|updated)$/.test(sub)) updated = true;
        else name = subscripted(name, sub);
      } else if (this.is('^') && this.markAhead()) {
        this.pos++;
        const raw = this.is('{') ? this.rawGroup() : this.take().text;
        if (isUpdateMark(raw)) updated = true;
        else if (!/^\(t\)$/.test(raw)) name = `${name}^{${raw}}`;
      } else if (this.is("'")) {
        // σ'(z) is a derivative of a function, not a value after an update.
        if (this.is('(', 1) || this.is('\\left', 1)) this.fail(`a derivative ${displayName(name)}'(…) is not evaluated`);
        this.pos++;
        updated = true;
      } else if (this.is('(') && this.timeAhead()) {
        const raw = this.rawParen();
        if (raw === 't+1') updated = true;
        else if (raw !== 't') name = `${name}(${raw})`;
      } else break;
    }
    return updated ? updatedName(name) : name;
  }

  /** `w5`, `z1`: a letter (or a word) written with its index right after it, no underscore. */
  protected adjacentIndex(t: Tok, ahead = 1): boolean {
    const n = this.peek(ahead);
    return n?.kind === 'num' && !n.text.includes('.') && n.off === t.off + t.text.length && t.text.length <= 4 && FUNCS[t.text] === undefined;
  }

  /** Is the superscript in front a name mark (`^{(1)}`, `^{+}`, `^{new}`) rather than a power? */
  private markAhead(): boolean {
    const save = this.pos;
    this.pos++;
    try {
      const raw = this.is('{') ? this.rawGroup() : (this.peek()?.text ?? '');
      return isNameMark(raw);
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }

  /** Is `(t)`, `(t+1)` or `(t-1)` in front? */
  private timeAhead(): boolean {
    const texts = this.toks.slice(this.pos, this.pos + 5).map((t) => t.text);
    return (texts[1] === 't' && texts[2] === ')') || (texts[1] === 't' && (texts[2] === '+' || texts[2] === '-') && /^\d+$/.test(texts[3] ?? '') && texts[4] === ')');
  }

  private rawParen(): string {
    this.expect('(');
    let raw = '';
    while (!this.is(')')) raw += this.take().text;
    this.pos++;
    return raw;
  }

  /** The tokens of a `{…}` group joined back into text (for subscripts and names). */
  private rawGroup(): string {
    this.expect('{');
    let depth = 0;
    let raw = '';
    for (;;) {
      const t = this.take();
      if (t.text === '{') depth++;
      if (t.text === '}') {
        if (depth === 0) break;
        depth--;
      }
      raw += t.kind === 'cmd' && raw !== '' && /[A-Za-z0-9]$/.test(raw) ? ` ${t.text}` : t.text;
    }
    return raw;
  }
}
