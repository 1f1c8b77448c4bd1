/**
 * Numbers a Markdown document states outside its math, turned into the math statements they mean
 * so that every later stage (the document's model, binding, the checks) reads them like any other:
 * - plain prose assignments: "the weights are w1 = 0.15, w2 = 0.20", "权重 w1=0.15",
 *   "가중치는 w_1 = 0.4" (a short symbol — a letter or two with an index, or η, α, lr — then `=`
 *   and a number);
 * - a list of outputs in prose: "the output values are [0.7514, 0.7729]", "输出值为[…]",
 *   "출력값은 (…)" → ŷ_1, ŷ_2, …;
 * - Markdown tables: a column of symbols beside a column of numbers (`| weight | value |`,
 *   `| 权重 | 值 |`, `| 가중치 | 값 |`), a header row of symbols over a row of numbers, or a
 *   from/to table (`| from | to | weight |`, `| 从 | 到 | 权重 |`, `| 출발 | 도착 | 가중치 |`) whose
 *   unit names (x1/i1 inputs, h1 hidden, o1/y1 outputs) give a two-index weight `w^{(l)}_{i,j}`
 *   from unit i of layer l − 1 to unit j, a convention the table itself fixes.
 * Math spans, inline code and fenced code are left out (they are read elsewhere). Each statement
 * keeps the line and column where its number is written, so findings point at the prose.
 */
import type { Extracted, Fragment } from './extract.js';
import type { Convention } from './pairs.js';

export interface ProseValues {
  readonly fragments: Fragment[];
  /** Set when a from/to table fixed how two-index weights are read. */
  readonly pairs?: Convention;
}

const NUM = String.raw`[−-]?\d*\.?\d+(?:[eE][−-]?\d+)?`;
/** A short symbol: w1, w_1, w_{1}, b2, x1, i_2, t1, z1, h1, out1, η, α, lr, y, b. */
const SYMBOL = String.raw`(?:[A-Za-z]{1,3}_?\{?\d{1,2}\}?|[ηα]|lr|[yb])`;
const ASSIGN = new RegExp(String.raw`(?<![\w\\{^])(${SYMBOL})\s*[=＝]\s*(${NUM})(?![\d.]*[A-Za-z0-9])`, 'g');
/** `x1, x2 = 0.5, 0.3`: as many symbols as numbers. */
const TUPLE = new RegExp(String.raw`(?<![\w\\{^])(${SYMBOL}(?:\s*[,，]\s*${SYMBOL})+)\s*[=＝]\s*(${NUM}(?:\s*[,，]\s*${NUM})+)`, 'g');
const OUTPUTS = new RegExp(String.raw`(?:outputs?(?:\s+values?)?|predictions?|輸出值?|输出值?|출력\s*값?)[^\[(\n]{0,12}?[\[(]\s*(${NUM}(?:\s*[,，]\s*${NUM})+)\s*[\])]`, 'gi');

const isSymbol = (s: string) => new RegExp(`^${SYMBOL}$`).test(s.trim());
const isNumber = (s: string) => new RegExp(`^${NUM}$`).test(s.trim());
const num = (s: string) => s.trim().replace(/−/g, '-');
/** `w1` → `w_{1}`, `w_{12}` kept, `η` → `\eta`. */
function tex(sym: string): string {
  const s = sym.trim();
  if (s === 'η') return '\\eta';
  if (s === 'α') return '\\alpha';
  if (s === 'lr') return '\\mathrm{lr}';
  const m = /^([A-Za-z]{1,3})_?\{?(\d{1,2})\}?$/.exec(s);
  return m ? (m[2]!.length === 1 ? `${m[1]}_${m[2]}` : `${m[1]}_{${m[2]}}`) : s;
}

/**
 * The text with the extractor's math and code blanked out (same lengths, so columns hold), and
 * inline code spans and comments too; a line where a `$` or a backslash is left (math the
 * extractor did not close) is not prose and is dropped.
 */
function proseOnly(text: string, found: Pick<Extracted, 'fragments' | 'code'>): string[] {
  const offsets: number[] = [];
  let at = 0;
  for (const l of text.split('\n')) { offsets.push(at); at += l.length + 1; }
  const chars = text.split('');
  const blank = (from: number, to: number) => { for (let i = Math.max(0, from); i < Math.min(chars.length, to); i++) if (chars[i] !== '\n') chars[i] = ' '; };
  for (const f of found.fragments) {
    const start = offsets[f.line - 1]! + f.column - 1;
    blank(start - 2, start + f.tex.length + 2);
  }
  for (const c of found.code) blank(offsets[c.line - 1]!, offsets[c.line - 1]! + c.text.length + 1);
  const masked = chars.join('').replace(/`[^`\n]+`|<!--[\s\S]*?-->/g, (s) => s.replace(/[^\n]/g, ' '));
  return masked.split('\n').map((l) => (/[$\\]/.test(l) ? '' : l.replace(/\r$/, '')));
}

const cellsOf = (row: string) => row.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^\*\*|\*\*$|^\$|\$$/g, '').trim());
const FROM_H = /^(from|source|从|從|출발|시작)/i;
const TO_H = /^(to|destination|到|도착|끝)/i;
const VALUE_H = /value|weight|值|权重|權重|가중치|값|初始/i;

/** The layer a unit name belongs to, and its index: x1/i1 input (0), h1 hidden (1), o1/y1 output (2). */
function unit(cell: string): { layer: number; index: number } | undefined {
  const m = /^(x|i|in|input|输入|입력|h|hidden|隐藏|은닉|o|y|out|output|输出|출력)\s*_?\{?(\d+)\}?$/i.exec(cell.trim());
  if (!m) return undefined;
  const kind = m[1]!.toLowerCase();
  const layer = /^(x|i|in|input|输入|입력)$/.test(kind) ? 0 : /^(h|hidden|隐藏|은닉)$/.test(kind) ? 1 : 2;
  return { layer, index: Number(m[2]) };
}

function tables(lines: readonly string[], out: Fragment[]): Convention | undefined {
  let fixed: Convention | undefined;
  for (let i = 0; i + 2 < lines.length; i++) {
    if (!/^\s*\|/.test(lines[i]!) || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1]!) || (i > 0 && /^\s*\|/.test(lines[i - 1]!))) continue;
    const head = cellsOf(lines[i]!);
    const rows: Array<{ cells: string[]; line: number }> = [];
    for (let j = i + 2; j < lines.length && /^\s*\|/.test(lines[j]!); j++) rows.push({ cells: cellsOf(lines[j]!), line: j + 1 });
    if (rows.length === 0) continue;
    const emit = (name: string, value: string, line: number) => {
      const column = Math.max(1, lines[line - 1]!.indexOf(value) + 1);
      out.push({ tex: `${name} = ${num(value)}`, line, column, display: false });
    };
    const col = (k: number) => rows.map((r) => r.cells[k] ?? '');
    const numeric = head.map((_, k) => col(k).every(isNumber));
    const from = head.findIndex((h) => FROM_H.test(h));
    const to = head.findIndex((h) => TO_H.test(h));
    const valueAt = head.findIndex((h, k) => numeric[k] && VALUE_H.test(h));
    if (from >= 0 && to >= 0 && valueAt >= 0) {
      // From/to table: w^{(l)}_{i,j} from unit i (layer l − 1) to unit j (layer l).
      const pairs = rows.map((r) => ({ a: unit(r.cells[from] ?? ''), b: unit(r.cells[to] ?? ''), r }));
      if (pairs.every((p) => p.a && p.b && p.b.layer > p.a.layer)) {
        const outputLayer = pairs.some((p) => p.a!.layer === 1) ? 2 : 1;
        for (const p of pairs) emit(`w^{(${Math.min(p.b!.layer, outputLayer)})}_{${p.a!.index},${p.b!.index}}`, p.r.cells[valueAt]!, p.r.line);
        fixed = { inputFirst: true, base: 'one' };
      }
      continue;
    }
    const names = head.findIndex((_, k) => col(k).every(isSymbol));
    const values = valueAt >= 0 ? valueAt : numeric.findIndex((n) => n);
    if (names >= 0 && values >= 0) {
      for (const r of rows) emit(tex(r.cells[names]!), r.cells[values]!, r.line);
    } else if (head.every(isSymbol) && rows[0]!.cells.length === head.length && rows[0]!.cells.every(isNumber)) {
      head.forEach((h, k) => emit(tex(h), rows[0]!.cells[k]!, rows[0]!.line));
    }
  }
  return fixed;
}

/** The values a Markdown document states in its prose and tables, as math statements. */
export function proseValues(text: string, found: Pick<Extracted, 'fragments' | 'code'>): ProseValues {
  const lines = proseOnly(text, found);
  const out: Fragment[] = [];
  lines.forEach((row, k) => {
    if (/^\s*\|/.test(row)) return;
    for (const m of row.matchAll(TUPLE)) {
      const names = m[1]!.split(/[,，]/);
      const values = m[2]!.split(/[,，]/);
      if (names.length === values.length) {
        const column = m.index! + m[0].lastIndexOf(m[2]!) + 1;
        out.push({ tex: names.map((n, j) => `${tex(n)} = ${num(values[j]!)}`).join(', '), line: k + 1, column, display: false });
      }
      row = row.slice(0, m.index!) + ' '.repeat(m[0].length) + row.slice(m.index! + m[0].length);
    }
    for (const m of row.matchAll(ASSIGN)) {
      const column = m.index! + m[0].lastIndexOf(m[2]!) + 1;
      out.push({ tex: `${tex(m[1]!)} = ${num(m[2]!)}`, line: k + 1, column, display: false });
    }
    for (const m of row.matchAll(OUTPUTS)) {
      const values = m[1]!.split(/[,，]/);
      const column = m.index! + m[0].indexOf(m[1]!) + 1;
      out.push({ tex: values.map((v, j) => `\\hat{y}_${j + 1} = ${num(v)}`).join(', '), line: k + 1, column, display: false });
    }
  });
  const pairs = tables(lines, out);
  return { fragments: out, ...(pairs ? { pairs } : {}) };
}
