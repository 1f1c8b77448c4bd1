/**
 * The bits of Python syntax the PyTorch reader needs, read without running Python: matching
 * brackets, the rest of a statement, number-list literals (`[[0.15, 0.2], [0.25, 0.3]]`),
 * positional and keyword call arguments, and plain numbers. Shared by pytorch.ts (modules, loss,
 * optimizer), pytorch-weights.ts (where weights are set) and pytorch-forward.ts (layer order).
 */

import type { Reduction } from '../nn/spec.js';

export type Nested = number | Nested[];

/** `reduction="sum"` / `'mean'` among a loss's arguments. */
export function reduction(args: string): { reduction?: Reduction } {
  const r = /reduction\s*=\s*['"](\w+)['"]/.exec(args)?.[1];
  return r === 'sum' || r === 'mean' ? { reduction: r } : {};
}

/** Index of the `)` matching the `(` at `open` (string end when unbalanced). */
export function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && --depth === 0) return i;
  }
  return s.length;
}

/** The rest of the Python statement starting at `i` (up to a newline outside brackets). */
export function statement(s: string, i: number): string {
  let depth = 0;
  let k = i;
  for (; k < s.length; k++) {
    const c = s[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0 && s.slice(i, k).trim() !== '') break;
  }
  return s.slice(i, k);
}

/** A Python list literal of numbers starting at `i`. */
export function parseList(s: string, i: number): { value: Nested; end: number } | undefined {
  if (s[i] !== '[') return undefined;
  const items: Nested[] = [];
  let k = i + 1;
  for (;;) {
    while (/\s/.test(s[k] ?? '')) k++;
    if (s[k] === ']') return { value: items, end: k + 1 };
    if (s[k] === '[') {
      const inner = parseList(s, k);
      if (!inner) return undefined;
      items.push(inner.value);
      k = inner.end;
    } else {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(s.slice(k));
      if (!m) return undefined;
      items.push(Number(m[0]));
      k += m[0].length;
    }
    while (/\s/.test(s[k] ?? '')) k++;
    if (s[k] === ',') k++;
    else if (s[k] !== ']') return undefined;
  }
}

export function kwarg(args: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*([^,()]+|\\([^)]*\\))`).exec(args)?.[1]?.trim();
}

/** Positional arguments of a call (keyword arguments left out). */
export function positional(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of args) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter((a) => !/^\w+\s*=/.test(a));
}

export const num = (s: string | undefined): number | undefined => (s !== undefined && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s.trim()) ? Number(s) : undefined);

/** A regular-expression source matching `path` literally. */
export const escapeRe = (path: string): string => path.replace(/[.[\]()*+?^$|\\{}]/g, (c) => `\\${c}`);
