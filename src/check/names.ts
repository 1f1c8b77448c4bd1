/**
 * Canonical spellings of the symbols a hand calculation uses, so that `z_{1}`, `z_1` and `z_{ 1 }`
 * are one symbol and `\frac{\partial \mathcal{L}}{\partial W_1}` is one name. The names follow
 * the Expr convention (LaTeX-flavoured: `W_1`, `z_{12}`, `\sigma_3`, `\hat{y}`, `\mathcal{L}`);
 * a parameter after one optimizer step is written `W_1(t+1)` whatever the document wrote
 * (`W_1(t+1)`, `W_1^{(t+1)}`, `W_1^{+}`, `W_1'`, `W_1^{new}`).
 */
import { subscripted as indexedName } from '../nn/scalar.js';

/** `base` with a subscript, spaces dropped, spelt as the scalar view spells it (`W_1`, `z_{12}`). */
export function subscripted(base: string, sub: string): string {
  const s = sub.replace(/\s+/g, '');
  return s.length === 0 ? base : indexedName(base, s);
}

/** The partial derivative ∂num/∂den as one symbol name. */
export function partialName(num: string, den: string): string {
  return `\\frac{\\partial ${num}}{\\partial ${den}}`;
}

/** The value of a symbol after one optimizer step. */
export function updatedName(name: string): string {
  return `${name}(t+1)`;
}

/** Superscripts and primes that mean "the next value" rather than a power. */
export function isUpdateMark(raw: string): boolean {
  return /^(\(t\+1\)|\+|new|\\prime|'|\*)$/.test(raw.replace(/\s+/g, ''));
}

/** A superscript that decorates a name (layer index `(1)`, `[2]`, time `(t)`) instead of raising to a power. */
export function isNameMark(raw: string): boolean {
  const s = raw.replace(/\s+/g, '');
  return isUpdateMark(s) || /^[([][A-Za-z0-9+-]+[)\]]$/.test(s) || s === 'T';
}

/** The subject of a partial-derivative name, or undefined. */
export function parsePartial(name: string): { num: string; den: string } | undefined {
  const m = /^\\frac\{\\partial (.+)\}\{\\partial (.+)\}$/.exec(name);
  return m ? { num: m[1]!, den: m[2]! } : undefined;
}

const GREEK_CHARS: Record<string, string> = { alpha: 'α', sigma: 'σ', eta: 'η', delta: 'δ', theta: 'θ', lambda: 'λ' };

/** Short display form for messages: `\sigma_2` → `σ_2`, `\hat{y}` → `ŷ`, ∂L/∂W_1. */
export function displayName(name: string): string {
  const p = parsePartial(name);
  if (p) return `∂${displayName(p.num)}/∂${displayName(p.den)}`;
  return name
    .replace(/\\hat\{(\w)\}/g, '$1̂')
    .replace(/\\mathcal\{(\w+)\}/g, '$1')
    .replace(/\\(mathbf|mathrm|bar|tilde|vec|boldsymbol)\{(\w+)\}/g, '$2')
    .replace(/\\(alpha|sigma|eta|delta|theta|lambda)/g, (_, g: string) => GREEK_CHARS[g] ?? g)
    .replace(/_\{(\w+)\}/g, '_$1');
}

/** LaTeX source made readable in a one-line message: 0.1951 \times 1 - 0.0439 → 0.1951 × 1 − 0.0439. */
export function prettyTex(s: string): string {
  return fracToSlash(s.replace(/\\frac\{\\partial ([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{\\partial ([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, '∂$1/∂$2'))
    .replace(/\\hat\{(\w)\}/g, '$1̂')
    .replace(/\\mathcal\{(\w)\}/g, '$1')
    .replace(/\\(alpha|sigma|eta|delta|theta|lambda)(?![A-Za-z])/g, (_, g: string) => GREEK_CHARS[g] ?? g)
    .replace(/\\(log|ln|exp|tanh)\b/g, '$1')
    .replace(/\\sqrt\{([\w.]+)\}/g, "√$1")
    .replace(/\\sqrt(?![A-Za-z])/g, '√')
    .replace(/\\times(?![A-Za-z])/g, '×')
    .replace(/\\cdot(?![A-Za-z])/g, '·')
    .replace(/\\left|\\right/g, '')
    .replace(/\\[,;!: ]/g, ' ')
    .replace(/(^|[\s({])-/g, '$1−')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `\frac{a}{b}` → `a/(b)` (braces matched, nested fractions too). */
function fracToSlash(s: string): string {
  const at = s.indexOf('\\frac{');
  if (at < 0) return s;
  const num = group(s, at + 5);
  const den = num ? group(s, num.end) : undefined;
  if (!num || !den) return s;
  const wrap = (t: string) => (/^[\w.]+$/.test(t) ? t : `(${t})`);
  return s.slice(0, at) + `${wrap(fracToSlash(num.body))}/${wrap(fracToSlash(den.body))}` + fracToSlash(s.slice(den.end));
}

function group(s: string, open: number): { body: string; end: number } | undefined {
  if (s[open] !== '{') return undefined;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    if (s[i] === '}' && --depth === 0) return { body: s.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
}
