/**
 * Tokens of LaTeX math as hand calculations write it. A token is a number (with its printed
 * text, so that the number of decimals survives), a control sequence (`\frac`), a run of
 * letters, or one punctuation character. Spacing commands vanish here, and the Unicode
 * spellings people paste into Markdown (× · − σ ŷ ∂ ≈) become their LaTeX commands. Every token
 * keeps its offset in the fragment, so that later stages can name a line and column.
 */

export type TokKind = 'num' | 'cmd' | 'id' | 'ch';

export interface Tok {
  readonly kind: TokKind;
  /** `0.4352`, `\frac`, `x` / `activation`, `+`. */
  readonly text: string;
  readonly off: number;
  /** For a collapsed matrix environment (`\matrix`): its cells, row by row. */
  readonly cells?: Tok[][][];
  /** A symbol already named (an entry of a matrix, matrices.ts): read as that name. */
  readonly name?: string;
}

/** Spacing and sizing commands that carry no meaning for arithmetic. */
const SILENT = new Set([
  '\\,', '\\;', '\\:', '\\!', '\\ ', '\\displaystyle', '\\textstyle', '\\scriptstyle',
  '\\big', '\\Big', '\\bigg', '\\Bigg', '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\biggl', '\\biggr',
  '\\Biggl', '\\Biggr', '\\nonumber', '\\notag', '\\limits', '\\hfill', '\\allowbreak',
]);

/** Unicode characters and the LaTeX they stand for. */
const UNICODE: Record<string, string> = {
  '×': '\\times', '·': '\\cdot', '⋅': '\\cdot', '∙': '\\cdot', '−': '-', '–': '-', '÷': '\\div',
  '≈': '\\approx', '≤': '\\le', '≥': '\\ge', '≠': '\\neq', '→': '\\to', '←': '\\leftarrow', '⇒': '\\Rightarrow',
  'σ': '\\sigma', 'α': '\\alpha', 'η': '\\eta', 'δ': '\\delta', 'θ': '\\theta', 'λ': '\\lambda',
  'β': '\\beta', 'γ': '\\gamma', 'ε': '\\epsilon', 'μ': '\\mu', '∂': '\\partial', '√': '\\sqrt',
  'ℒ': 'L', 'ŷ': 'ŷ',
};

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const FRACTIONS: Record<string, readonly [string, string]> = { '½': ['1', '2'], '⅓': ['1', '3'], '¼': ['1', '4'], '¾': ['3', '4'] };
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';

const isLetter = (c: string) => /[A-Za-z]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '~') { i++; continue; }
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      if (isLetter(next)) {
        let j = i + 1;
        while (j < src.length && isLetter(src[j]!)) j++;
        const name = src.slice(i, j);
        if (!SILENT.has(name)) toks.push({ kind: 'cmd', text: name, off: i });
        i = j;
        continue;
      }
      const sym = `\\${next}`;
      i += 2;
      if (SILENT.has(sym)) continue;
      // Markdown escapes for subscripts and stars (`W\_1`), and `\\` as a row break.
      if (next === '_' || next === '*' || next === '{' || next === '}' || next === '|') {
        toks.push({ kind: 'ch', text: next === '{' ? '(' : next === '}' ? ')' : next, off: i - 2 });
      } else {
        toks.push({ kind: 'cmd', text: sym, off: i - 2 });
      }
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i;
      while (j < src.length && isDigit(src[j]!)) j++;
      if (src[j] === '.' && isDigit(src[j + 1] ?? '')) {
        j++;
        while (j < src.length && isDigit(src[j]!)) j++;
      }
      toks.push({ kind: 'num', text: src.slice(i, j), off: i });
      i = j;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (j < src.length && isLetter(src[j]!)) j++;
      toks.push({ kind: 'id', text: src.slice(i, j), off: i });
      i = j;
      continue;
    }
    if (c === 'ŷ') {
      toks.push({ kind: 'cmd', text: '\\hat', off: i }, { kind: 'ch', text: '{', off: i }, { kind: 'id', text: 'y', off: i }, { kind: 'ch', text: '}', off: i });
      i++;
      continue;
    }
    // Vulgar fractions: ½ is \frac{1}{2} (the exact constant of a squared error).
    const frac = FRACTIONS[c];
    if (frac) {
      toks.push({ kind: 'cmd', text: '\\frac', off: i }, { kind: 'ch', text: '{', off: i }, { kind: 'num', text: frac[0], off: i }, { kind: 'ch', text: '}', off: i }, { kind: 'ch', text: '{', off: i }, { kind: 'num', text: frac[1], off: i }, { kind: 'ch', text: '}', off: i });
      i++;
      continue;
    }
    // Unicode sub- and superscript digits: w₁₂ is w_{12}, x² is x^{2}.
    const script = SUB.indexOf(c) >= 0 ? '_' : SUP.indexOf(c) >= 0 ? '^' : undefined;
    if (script) {
      const table = script === '_' ? SUB : SUP;
      let j = i;
      let digits = '';
      while (j < src.length && table.indexOf(src[j]!) >= 0) digits += String(table.indexOf(src[j++]!));
      toks.push({ kind: 'ch', text: script, off: i }, { kind: 'ch', text: '{', off: i }, { kind: 'num', text: digits, off: i }, { kind: 'ch', text: '}', off: j - 1 });
      i = j;
      continue;
    }
    const mapped = UNICODE[c];
    if (mapped !== undefined) {
      const kind: TokKind = mapped.startsWith('\\') ? 'cmd' : mapped.length === 1 && isLetter(mapped) ? 'id' : 'ch';
      toks.push({ kind, text: mapped, off: i });
      i++;
      continue;
    }
    toks.push({ kind: 'ch', text: c, off: i });
    i++;
  }
  return toks;
}
