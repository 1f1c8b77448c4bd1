/**
 * Symbol names in their three spellings. A symbol's name in the IR is LaTeX-flavoured and
 * canonical (`W_1`, `z_{12}`, `\sigma_3`, `\hat{y}`, `\mathcal{L}`, `loss`); users type plain
 * identifiers (`W1`, `z_12`, `sigma_3`, `y_hat`/`yhat`, `L_cal`, `x_1__2` for the sample index
 * `x_1^{(2)}`); LaTeX output braces every subscript and sets multi-letter words upright
 * (`W_{1}`, `\sigma_{3}`, `\mathrm{loss}`). All three are produced from one structured reading
 * of a name (base, decorations, subscript, bracketed superscript), so
 * `canonicalName(symbolText(n)) === n` for every canonical name the grammar covers. Names outside
 * it keep their LaTeX with subscripts braced, and get a best-effort identifier as text.
 */

/** Lower-case Greek letters and the capitals that LaTeX has as commands. */
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'varpi', 'rho', 'varrho', 'sigma', 'varsigma',
  'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

/** Decorations: the plain-text suffix and the LaTeX command it stands for. */
const DECORATIONS = {
  hat: '\\hat', bar: '\\bar', tilde: '\\tilde', dot: '\\dot', vec: '\\vec', cal: '\\mathcal', bf: '\\mathbf',
} as const;
type Decoration = keyof typeof DECORATIONS;
const DECORATION_OF_COMMAND = new Map<string, Decoration>(
  Object.entries(DECORATIONS).map(([k, v]) => [v, k as Decoration]),
);
const isDecoration = (s: string): s is Decoration => Object.hasOwn(DECORATIONS, s);

/** A name read structurally: `\hat{y}_1` is base `y`, decorations [hat], subscript `1`. */
export interface NameParts {
  /** A single letter, a Greek name without backslash (`sigma`), or a word (`loss`). */
  readonly base: string;
  /** Innermost first: `\hat{\bar{x}}` is [bar, hat]. */
  readonly decorations: readonly Decoration[];
  /** The subscript's parts (`W_{1,2}` is ['1', '2']); empty for none. */
  readonly sub: readonly string[];
  /** A bracketed superscript index such as a layer or sample number (`W^{(1)}` is '1'), or ''. */
  readonly sup: string;
}

const WORD = /^[A-Za-z][A-Za-z0-9]*$/;
const INDEX = /^[A-Za-z0-9]+$/;

/** Read a plain identifier such as `W1`, `sigma_3`, `y_hat`, `yhat`, `z_12`, `loss`, `x_1__2`. */
function readPlain(name: string): NameParts | undefined {
  const [id, sup = '', ...more] = name.split('__');
  if (more.length > 0 || (name.includes('__') && !INDEX.test(sup))) return undefined;
  const parts = id!.split('_');
  let head = parts[0]!;
  if (!WORD.test(head) || !parts.slice(1).every((p) => INDEX.test(p))) return undefined;
  const decorations: Decoration[] = [];
  const rest = parts.slice(1);
  // `w1`, `sigma3`, `loss2`: trailing digits are a subscript when nothing else follows.
  const digits = /^([A-Za-z]+)(\d+)$/.exec(head);
  if (digits && rest.length === 0) return { base: digits[1]!, decorations, sub: [digits[2]!], sup };
  // `yhat`, `sigmabar`: a letter or Greek name glued to a decoration.
  const glued = /^(.+?)(hat|bar|tilde|vec)$/.exec(head);
  if (glued && (glued[1]!.length === 1 || GREEK.has(glued[1]!))) {
    head = glued[1]!;
    decorations.push(glued[2] as Decoration);
  }
  while (rest.length > 0 && isDecoration(rest[0]!)) decorations.push(rest.shift() as Decoration);
  return { base: head, decorations, sub: rest, sup };
}

/** Read a LaTeX-form name such as `\hat{y}_{1}`, `\sigma_3`, `z_{12}`, `\mathcal{L}`, `x_1^{(2)}`. */
function readLatex(name: string): NameParts | undefined {
  const m = /^(.*?)(?:_(?:\{([A-Za-z0-9,_]+)\}|([A-Za-z0-9]+)))?(?:\^\{\(([A-Za-z0-9]+)\)\})?$/.exec(name);
  if (!m) return undefined;
  const core = readCore(m[1]!);
  if (!core) return undefined;
  const sub = (m[2] ?? m[3] ?? '').split(/[,_]/).filter((s) => s.length > 0);
  return { ...core, sub, sup: m[4] ?? '' };
}

function readCore(s: string): Omit<NameParts, 'sub' | 'sup'> | undefined {
  // `\mathrm{loss}` reads as the word it shows.
  const rm = /^\\mathrm\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(s);
  if (rm) return { base: rm[1]!, decorations: [] };
  const deco = /^(\\[A-Za-z]+)\{(.+)\}$/.exec(s);
  if (deco) {
    const d = DECORATION_OF_COMMAND.get(deco[1]!);
    const inner = d === undefined ? undefined : readCore(deco[2]!);
    return inner && d ? { base: inner.base, decorations: [...inner.decorations, d] } : undefined;
  }
  const greek = /^\\([A-Za-z]+)$/.exec(s);
  if (greek) return GREEK.has(greek[1]!) ? { base: greek[1]!, decorations: [] } : undefined;
  return WORD.test(s) ? { base: s, decorations: [] } : undefined;
}

/** The structured reading of a name in any of its spellings, or undefined outside the grammar. */
export function readName(name: string): NameParts | undefined {
  return /[\\{}^]/.test(name) ? readLatex(name) : readPlain(name);
}

/** The base under its decorations, innermost first: `\hat{\bar{x}}`. */
function decorate(parts: NameParts, base: string): string {
  return parts.decorations.reduce((inner, d) => `${DECORATIONS[d]}{${inner}}`, base);
}

/** The IR spelling: `W_1`, `z_{12}`, `\sigma_3`, `\hat{y}`, `\mathcal{L}`, `loss`. */
function formatCanonical(p: NameParts): string {
  const base = GREEK.has(p.base) ? `\\${p.base}` : p.base;
  const core = decorate(p, base);
  const sub = p.sub.join(',');
  const subscripted = sub.length === 0 ? core : sub.length === 1 ? `${core}_${sub}` : `${core}_{${sub}}`;
  return p.sup ? `${subscripted}^{(${p.sup})}` : subscripted;
}

/** The LaTeX spelling: `W_{1}`, `\sigma_{3}`, `\hat{y}`, `\mathrm{loss}`. */
function formatLatex(p: NameParts): string {
  const base = GREEK.has(p.base) ? `\\${p.base}` : p.base.length === 1 ? p.base : `\\mathrm{${p.base}}`;
  const core = decorate(p, base);
  const subscripted = p.sub.length === 0 ? core : `${core}_{${p.sub.join(',')}}`;
  return p.sup ? `${subscripted}^{(${p.sup})}` : subscripted;
}

/** The plain-text spelling that the parser reads back: `W_1`, `sigma_3`, `y_hat`, `x_1__2`. */
function formatText(p: NameParts): string {
  const id = [p.base, ...p.decorations, ...p.sub].join('_');
  return p.sup ? `${id}__${p.sup}` : id;
}

/** The canonical IR name for a name in any spelling (`sigma_3` → `\sigma_3`, `w1` → `w_1`). */
export function canonicalName(name: string): string {
  const p = readName(name);
  return p ? formatCanonical(p) : name;
}

/** A symbol name as LaTeX: `W_1` → `W_{1}`, `y_hat` → `\hat{y}`, `loss` → `\mathrm{loss}`. */
export function symbolLatex(name: string): string {
  const p = readName(name);
  if (p) return formatLatex(p);
  // Outside the grammar (e.g. `W^{T}_12`): keep the LaTeX, bracing bare subscripts.
  return name.replace(/_([A-Za-z0-9]+)/g, '_{$1}');
}

/** A symbol name as a plain identifier that `parseExpression` reads back to the same symbol. */
export function symbolText(name: string): string {
  const p = readName(name);
  if (p) return formatText(p);
  // Best effort for names outside the grammar: letters, digits and underscores only.
  const id = name.replace(/\\([A-Za-z]+)/g, '$1').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `s_${id}`;
}
