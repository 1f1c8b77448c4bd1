/**
 * The function names a hand calculation may use, derived from the op table (src/expr/ops.ts) so
 * that a primitive added there is read here without a second list: every function-call op is
 * known by its own name (`sigmoid`, `relu`, `leaky_relu`), by the word of its LaTeX form
 * (`\sigma`, `\operatorname{ReLU}`, `\tanh`), and by those words in lower case. Spellings that
 * are not in the table (`ln`, `logistic`) are the only aliases kept here.
 */
import { OPS, OP_NAMES, PREC, type OpName } from '../expr/ops.js';
import { symbol } from '../expr/node.js';

const ALIASES: Record<string, OpName> = { ln: 'log', logistic: 'sigmoid', sgn: 'sign' };

function build(): Record<string, OpName> {
  const out: Record<string, OpName> = {};
  const add = (word: string, op: OpName) => {
    for (const w of [word, word.toLowerCase()]) if (/^[A-Za-z]+$/.test(w) && out[w] === undefined) out[w] = op;
  };
  for (const op of OP_NAMES) {
    const spec = OPS[op];
    // Calls of one or two arguments (`where` is a selection, not a function people write).
    if (spec.prec !== PREC.call || spec.arity > 2) continue;
    add(spec.name.replace(/_/g, ''), op);
    if (/^[A-Za-z]+$/.test(spec.name)) add(spec.name, op);
    const args = Array.from({ length: spec.arity }, (_, k) => symbol(`a${k}`));
    const tex = spec.latex(args.map((a) => a.name), args);
    const word = /^\\operatorname\{([A-Za-z]+)\}/.exec(tex)?.[1] ?? /^\\([A-Za-z]+)\\left\(/.exec(tex)?.[1];
    if (word) add(word, op);
  }
  for (const [w, op] of Object.entries(ALIASES)) out[w] ??= op;
  return out;
}

/** Functions by the word a document may spell them with (command, \operatorname{…}, \text{…} or plain). */
export const FUNCS: Readonly<Record<string, OpName>> = build();

/** How many arguments a function takes. */
export const arityOf = (op: OpName): number => OPS[op].arity;
