/**
 * Finding the math in a document. A Markdown or LaTeX file is scanned once, left to right, and
 * cut into math fragments (inline `$…$`, `\(…\)`, displays `$$…$$`, `\[…\]` and the
 * equation/align family of environments) and code blocks (fenced blocks in Markdown,
 * lstlisting/minted/verbatim in LaTeX), each with the line and column where it starts. Math
 * inside code, inline code spans, YAML front matter and LaTeX comments is not math and is left out.
 */

export interface Fragment {
  /** The LaTeX source between the delimiters (environment bodies keep their \begin/\end). */
  readonly tex: string;
  /** 1-based line and column of the first character of `tex`. */
  readonly line: number;
  readonly column: number;
  readonly display: boolean;
}

export interface CodeBlock {
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the first line of code. */
  readonly line: number;
}

/** Display math that is opened and never closed: reported, not guessed at. */
export interface Unclosed {
  readonly line: number;
  readonly column: number;
  readonly opener: string;
}

export interface Extracted {
  readonly fragments: Fragment[];
  readonly code: CodeBlock[];
  readonly unclosed: Unclosed[];
}

const MATH_ENVS = /^\\begin\{(equation|align|aligned|alignat|gather|multline|eqnarray|math|displaymath)(\*?)\}/;
const CODE_ENVS = /^\\begin\{(lstlisting|minted|verbatim|Verbatim)\}(\[[^\]]*\])?(\{[^}]*\})?/;

export type DocKind = 'markdown' | 'latex';

export function docKind(file: string): DocKind {
  return /\.(tex|latex|ltx)$/i.test(file) ? 'latex' : 'markdown';
}

/** Position bookkeeping: offset → 1-based line and column. */
class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

export function extract(text: string, kind: DocKind): Extracted {
  const lines = new Lines(text);
  const fragments: Fragment[] = [];
  const code: CodeBlock[] = [];
  const unclosed: Unclosed[] = [];
  const open = (at: number, opener: string) => unclosed.push({ ...lines.at(at), opener });
  const frag = (start: number, end: number, display: boolean) => {
    const { line, column } = lines.at(start);
    fragments.push({ tex: text.slice(start, end), line, column, display });
  };
  let i = 0;
  if (kind === 'markdown') i = skipFrontMatter(text);
  const n = text.length;
  while (i < n) {
    const atLineStart = i === 0 || text[i - 1] === '\n';
    const rest = (len: number) => text.slice(i, i + len);
    if (kind === 'markdown' && atLineStart) {
      const fence = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n?/.exec(text.slice(i, i + 200));
      if (fence) {
        const bodyStart = i + fence[0].length;
        const closeRe = new RegExp(`^[ \\t]{0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}[ \\t]*$`, 'm');
        const tail = text.slice(bodyStart);
        const close = closeRe.exec(tail);
        const bodyEnd = close ? bodyStart + close.index : n;
        code.push({ lang: fence[2]!.toLowerCase(), text: text.slice(bodyStart, bodyEnd), line: lines.at(bodyStart).line });
        i = close ? bodyEnd + close[0].length : n;
        continue;
      }
    }
    const c = text[i]!;
    if (kind === 'latex' && c === '%') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (kind === 'markdown' && c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      i = close < 0 ? i + run.length : close + run.length;
      continue;
    }
    if (c === '\\') {
      const two = rest(2);
      if (two === '\\$' || two === '\\\\') { i += 2; continue; }
      if (two === '\\[' || two === '\\(') {
        const closer = two === '\\[' ? '\\]' : '\\)';
        const close = text.indexOf(closer, i + 2);
        if (close < 0) {
          if (two === '\\[') open(i, two);
          i += 2;
          continue;
        }
        frag(i + 2, close, two === '\\[');
        i = close + 2;
        continue;
      }
      const head = text.slice(i, i + 40);
      const codeEnv = kind === 'latex' ? CODE_ENVS.exec(head) : null;
      if (codeEnv) {
        const endTag = `\\end{${codeEnv[1]}}`;
        const close = text.indexOf(endTag, i);
        const bodyStart = i + codeEnv[0].length;
        const lang = /language=(\w+)/.exec(codeEnv[2] ?? '')?.[1] ?? (codeEnv[3] ?? '').replace(/[{}]/g, '');
        code.push({ lang: lang.toLowerCase(), text: text.slice(bodyStart, close < 0 ? n : close), line: lines.at(bodyStart).line });
        i = close < 0 ? n : close + endTag.length;
        continue;
      }
      const env = MATH_ENVS.exec(head);
      if (env) {
        const endTag = `\\end{${env[1]}${env[2]}}`;
        const close = text.indexOf(endTag, i);
        if (close < 0) {
          open(i, `\\begin{${env[1]}${env[2]}}`);
          i += env[0].length;
          continue;
        }
        frag(i, close + endTag.length, true);
        i = close + endTag.length;
        continue;
      }
      i += 2;
      continue;
    }
    if (c === '$') {
      const display = rest(2) === '$$';
      const width = display ? 2 : 1;
      const close = findDollar(text, i + width, display);
      if (close < 0) {
        if (display) open(i, '$$');
        i += width;
        continue;
      }
      frag(i + width, close, display);
      i = close + width;
      continue;
    }
    i++;
  }
  return { fragments, code, unclosed };
}

function skipFrontMatter(text: string): number {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return 0;
  const close = /\n---[ \t]*\r?\n/.exec(text.slice(3));
  return close ? 3 + close.index + close[0].length : 0;
}

/** The closing `$` (or `$$`); inline math never crosses a blank line. */
function findDollar(text: string, from: number, display: boolean): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\\') { j++; continue; }
    if (!display && c === '\n' && text[j + 1] === '\n') return -1;
    if (c === '$') {
      if (!display) return j === from ? -1 : j;
      if (text[j + 1] === '$') return j;
    }
  }
  return -1;
}
