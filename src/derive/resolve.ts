/**
 * Message resolution shared by the writers: a message key with arguments becomes a flat run of
 * pieces — plain text from the language's table, inline math, code, and user text — that each
 * writer then escapes and prints in its own syntax.
 */
import { MESSAGES, ORDINALS, type Lang, type MsgKey } from './messages.js';
import type { Inline, Say } from './model.js';

export type Piece =
  | { readonly t: 'text'; readonly s: string }
  | { readonly t: 'math'; readonly tex: string }
  | { readonly t: 'code'; readonly s: string };

/** The pieces of a run of inline content in `lang`. */
export function resolve(xs: readonly Inline[], lang: Lang): Piece[] {
  const out: Piece[] = [];
  for (const x of xs) {
    if (x.t === 'math') out.push({ t: 'math', tex: x.tex });
    else if (x.t === 'code') out.push({ t: 'code', s: x.s });
    else if (x.t === 'raw') out.push({ t: 'text', s: x.s });
    else {
      const template = MESSAGES[lang][x.key];
      for (const part of template.split(/(\{[A-Za-z0-9]+(?::ord)?\})/)) {
        const arg = /^\{([A-Za-z0-9]+)(:ord)?\}$/.exec(part);
        if (!arg) {
          if (part) out.push({ t: 'text', s: part });
          continue;
        }
        const value = x.args?.[arg[1]!];
        if (!value) throw new Error(`internal: message '${x.key}' needs argument '${arg[1]}'`);
        if (arg[2]) out.push({ t: 'text', s: ordinal(value, lang, x.key) });
        else out.push(...resolve(value, lang));
      }
    }
  }
  return out;
}

/** `{l:ord}`: a count argument (one raw run of digits) as the language's ordinal word. */
function ordinal(value: readonly Inline[], lang: Lang, key: MsgKey): string {
  const [only] = value;
  if (value.length !== 1 || only?.t !== 'raw' || !/^\d+$/.test(only.s)) throw new Error(`internal: message '${key}' needs a count for its ordinal`);
  return ORDINALS[lang](Number(only.s));
}

/** A message as plain text (math shown as its LaTeX source), for SVG labels and titles. */
export function sayer(lang: Lang): Say {
  return (key: MsgKey, args?: Readonly<Record<string, string>>) =>
    MESSAGES[lang][key].replace(/\{([A-Za-z0-9]+)(:ord)?\}/g, (_, k: string, ord?: string) => {
      const v = args?.[k];
      if (v === undefined) throw new Error(`internal: message '${key}' needs argument '${k}'`);
      return ord ? ordinal([{ t: 'raw', s: v }], lang, key) : v;
    });
}

/** The plain text of pieces (front matter, alt text): math as its source. */
export function plain(pieces: readonly Piece[]): string {
  return pieces.map((p) => (p.t === 'math' ? p.tex : p.s)).join('');
}
