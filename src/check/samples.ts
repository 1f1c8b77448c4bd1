/**
 * Per-sample sections of a batch document. A worked example on a batch often gives each sample a
 * section of its own — "Sample 2", "Example 2", "두 번째 데이터", "2번째 샘플", "第二个样本", "样本 2" —
 * and reuses the same names in each (z_1, ŷ, L). Inside sample k's section a per-sample quantity
 * is that sample's: `z_1` is read as `z_1^{(k)}` (the network's name for sample k's value), `L` as
 * the sample's own loss `L^{(k)}`; parameters and hyperparameters (w, W, b, θ, α, η, …) are shared,
 * and a name that already carries a sample index (`x^{(1)}`) is left alone. A section runs from its
 * marker to the next marker or the next heading without one. Only a document with at least two
 * different sample markers has sections.
 */
const ORDINALS: Record<string, number> = {
  첫: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5,
};

const MARKERS: RegExp[] = [
  /\b(?:sample|example|data\s*point|training\s+example|instance)\s*#?\s*(\d+)\b/i,
  /\b(first|second|third|fourth|fifth)\s+(?:sample|example|data\s*point|training\s+example)\b/i,
  /(\d+)\s*번째\s*(?:샘플|데이터|표본|입력|예제)/,
  /(첫|두|세|네|다섯)\s*번째\s*(?:샘플|데이터|표본|입력|예제)/,
  /(?:샘플|표본|데이터)\s*(\d+)/,
  /第\s*(\d+|[一二三四五六七八九十])\s*个?\s*(?:样本|数据|样例|训练样本)/,
  /(?:样本|样例)\s*(\d+)/,
];

function markerOf(line: string): number | undefined {
  for (const re of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    const k = /^\d+$/.test(m[1]!) ? Number(m[1]) : ORDINALS[m[1]!.toLowerCase()] ?? ORDINALS[m[1]!];
    if (k !== undefined && k >= 1 && k <= 1000) return k;
  }
  return undefined;
}

/** For each line (1-based), the sample whose section it is in, if any. */
export function sampleSections(text: string): (line: number) => number | undefined {
  const lines = text.split(/\r?\n/);
  const of: Array<number | undefined> = [];
  let current: number | undefined;
  const seen = new Set<number>();
  for (const line of lines) {
    // A list item or table row naming a sample ("- 样本 1: (x_1, y_1) = (1, 1)") lists the data; it opens no section.
    const k = /^\s*([-*+]|\d+\.|\|)\s/.test(line) ? undefined : markerOf(line);
    if (k !== undefined) { current = k; seen.add(k); } else if (/^\s{0,3}#{1,6}\s/.test(line)) current = undefined;
    of.push(current);
  }
  if (seen.size < 2) return () => undefined;
  return (line) => of[line - 1];
}

const SHARED = /^(w|W|b|\\theta|\\Theta|\\alpha|\\eta|\\beta|\\lambda|\\epsilon|\\varepsilon|\\gamma|\\mu|lr|\\mathrm\{lr\}|\\mathrm\{W\}|#)/;

/** The name a per-sample quantity has in sample k's section. */
export function inSample(k: number): (name: string) => string {
  return (name) => (SHARED.test(name) || /\^\{\(\d+\)\}/.test(name) || name.endsWith('(t+1)') ? name : `${name}^{(${k})}`);
}
