/**
 * The two figures of a derivation, as self-contained SVG strings: the network diagram (one
 * column per layer, a circle per neuron with its symbols, every edge labelled W_i = value, every
 * bias written under its neuron) and the loss curve of a training run. SVG text cannot hold
 * LaTeX, so labels use Unicode subscripts; every piece of text is XML-escaped. The output only
 * depends on its inputs (fixed sizes, numbers rounded), so documents stay byte-for-byte stable.
 */

import { circleBox, placeLabel, textBox, type Box } from './placement.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';
/** `W_12` → `W₁₂`, `\sigma_3` → `σ₃`, `\hat{y}` → `ŷ`: a symbol name for SVG text. */
export function unicodeName(name: string): string {
  const greek: Record<string, string> = { sigma: 'σ', delta: 'δ', alpha: 'α', mathcal: '', hat: '' };
  let s = name.replace(/\\hat\{(\w)\}/g, '$1\u0302').replace(/\\mathcal\{L\}/g, 'L');
  s = s.replace(/\\([A-Za-z]+)/g, (_, g: string) => greek[g] ?? g);
  return s.replace(/_\{?([0-9]+)\}?/g, (_, d: string) => [...d].map((ch) => SUB[Number(ch)]).join(''));
}

/** A number for SVG text, with a real minus sign. */
export function svgNumber(v: number, decimals: number): string {
  const s = Number.isInteger(v) ? String(v) : v.toFixed(decimals);
  return s.replace(/^-/, '−');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COL_NARROW = 230;
const COL_WIDE = 300;
const ROW = 120;
const R = 30;
const PAD = 70;

/** A label in both spellings: Unicode for SVG, LaTeX (math mode) for the picture environment. */
export interface Label {
  readonly text: string;
  readonly tex: string;
}

/** The primitives both figure writers understand. Coordinates in px, y downwards. */
export type Shape =
  | { readonly k: 'line'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly color: string; readonly width: number }
  | { readonly k: 'circle'; readonly x: number; readonly y: number; readonly r: number; readonly fill: string }
  | { readonly k: 'text'; readonly x: number; readonly y: number; readonly label: Label; readonly size: number; readonly color: string; readonly anchor: 'start' | 'middle' | 'end'; readonly halo?: boolean; readonly rotate?: boolean }
  | { readonly k: 'poly'; readonly pts: readonly (readonly [number, number])[]; readonly color: string };

export interface Drawing {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly shapes: readonly Shape[];
}

export interface DiagramLayer {
  readonly title: Label;
  readonly neurons: readonly { readonly label: Label; readonly note?: Label }[];
  /** Edges from the previous layer's neurons into this one (empty for the input layer). */
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label: Label }[];
}

/** The network: one column per layer, edges labelled with their weights, biases under neurons. */
export function networkDrawing(layers: readonly DiagramLayer[], title: string): Drawing {
  const rows = Math.max(...layers.map((l) => l.neurons.length));
  // a wider gap between columns where many edges cross (3 × 3 and up) leaves room for their labels
  const COL = Math.max(...layers.map((l) => l.edges.length)) > 6 ? COL_WIDE : COL_NARROW;
  const width = PAD * 2 + COL * (layers.length - 1);
  const height = PAD * 2 + ROW * (rows - 1) + 40;
  const pos = layers.map((l, i) =>
    l.neurons.map((_, r) => ({ x: PAD + COL * i, y: PAD + 20 + ROW * (r + (rows - l.neurons.length) / 2) })),
  );
  const shapes: Shape[] = [];
  const labels: Shape[] = [];
  // what an edge label must not cover: every neuron and every bias note
  const taken: Box[] = layers.flatMap((l, i) => l.neurons.flatMap((nrn, r) => {
    const p = pos[i]![r]!;
    return [circleBox(p.x, p.y, R + 2), ...(nrn.note ? [textBox(nrn.note.text, p.x, p.y + R + 17, 12)] : [])];
  }));
  layers.forEach((l, i) => {
    shapes.push({ k: 'text', x: PAD + COL * i, y: 22, label: l.title, size: 13, color: '#444444', anchor: 'middle' });
    if (i === 0) return;
    const n = l.neurons.length;
    for (const e of l.edges) {
      const a = pos[i - 1]![e.from]!;
      const b = pos[i]![e.to]!;
      shapes.push({ k: 'line', x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y, color: '#8a8a8a', width: 1.2 });
      // Prefer to spread the labels along the edges — edges into the first neuron labelled near
      // their source, edges into the last near their target — then move any label that would
      // cover a neuron, a bias or another label to a free spot of its edge.
      const t = n === 1 ? 0.5 : 0.25 + (0.5 * e.to) / (n - 1);
      const { x, y } = placeLabel({ x1: a.x + R, y1: a.y, x2: b.x - R, y2: b.y }, e.label.text, 12, t, taken);
      labels.push({ k: 'text', x, y, label: e.label, size: 12, color: '#1f4e99', anchor: 'middle', halo: true });
    }
  });
  shapes.push(...labels);
  layers.forEach((l, i) => {
    l.neurons.forEach((nrn, r) => {
      const p = pos[i]![r]!;
      const fill = i === 0 ? '#eef3fb' : i === layers.length - 1 ? '#fbefe6' : '#eef8ee';
      shapes.push({ k: 'circle', x: p.x, y: p.y, r: R, fill });
      shapes.push({ k: 'text', x: p.x, y: p.y + 5, label: nrn.label, size: 13, color: '#000000', anchor: 'middle' });
      if (nrn.note) shapes.push({ k: 'text', x: p.x, y: p.y + R + 17, label: nrn.note, size: 12, color: '#8a3b12', anchor: 'middle' });
    });
  });
  return { width, height, title, shapes };
}

/** The loss per step as a line plot with labelled axes. */
export function lossDrawing(losses: readonly number[], labels: { x: string; y: string; title: string }, decimals: number): Drawing {
  const [w, h, left, right, top, bottom] = [560, 300, 70, 20, 30, 45];
  const lo = losses.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = losses.reduce((a, b) => Math.max(a, b), -Infinity);
  const span = hi - lo || Math.abs(hi) || 1;
  const n = Math.max(losses.length - 1, 1);
  const px = (i: number) => left + ((w - left - right) * i) / n;
  const py = (v: number) => top + (h - top - bottom) * (1 - (v - lo) / span);
  const num = (v: number): Label => ({ text: svgNumber(v, decimals), tex: v.toFixed(decimals) });
  const count = (k: number): Label => ({ text: String(k), tex: String(k) });
  const word = (s: string): Label => ({ text: s, tex: `\\text{${s}}` });
  // at most one point per horizontal unit: a long run's curve stays a small figure
  const plotted = curvePoints(losses.length, w - left - right + 1);
  const t = (x: number, y: number, label: Label, anchor: 'start' | 'middle' | 'end', rotate?: boolean): Shape =>
    ({ k: 'text', x, y, label, size: 11, color: '#000000', anchor, ...(rotate ? { rotate } : {}) });
  return {
    width: w, height: h, title: labels.title,
    shapes: [
      { k: 'line', x1: left, y1: top, x2: left, y2: h - bottom, color: '#333333', width: 1 },
      { k: 'line', x1: left, y1: h - bottom, x2: w - right, y2: h - bottom, color: '#333333', width: 1 },
      t(left - 6, py(hi) + 4, num(hi), 'end'),
      t(left - 6, py(lo) + 4, num(lo), 'end'),
      t(left, h - bottom + 16, count(0), 'middle'),
      t(w - right, h - bottom + 16, count(losses.length - 1), 'middle'),
      t((left + w - right) / 2, h - 8, word(labels.x), 'middle'),
      t(16, (top + h - bottom) / 2, word(labels.y), 'middle', true),
      { k: 'poly', pts: plotted.map((i) => [px(i), py(losses[i]!)] as const), color: '#c0392b' },
    ],
  };
}

/** Indices of `length` points to draw, evenly spaced, at most `max` of them, first and last included. */
export function curvePoints(length: number, max: number): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (length - 1)) / (max - 1)));
}

const r1 = (v: number): string => String(Math.round(v * 10) / 10);

/** A drawing as an SVG element. */
export function toSvg(d: Drawing): string {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${d.width}" height="${d.height}" viewBox="0 0 ${d.width} ${d.height}" role="img" aria-label="${escapeXml(d.title)}" font-family="sans-serif">`,
    `<title>${escapeXml(d.title)}</title>`,
  ];
  for (const s of d.shapes) {
    if (s.k === 'line') out.push(`<line x1="${r1(s.x1)}" y1="${r1(s.y1)}" x2="${r1(s.x2)}" y2="${r1(s.y2)}" stroke="${s.color}" stroke-width="${s.width}"/>`);
    else if (s.k === 'circle') out.push(`<circle cx="${r1(s.x)}" cy="${r1(s.y)}" r="${s.r}" fill="${s.fill}" stroke="#333333" stroke-width="1.4"/>`);
    else if (s.k === 'poly') out.push(`<polyline points="${s.pts.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    else {
      const halo = s.halo ? ' stroke="#ffffff" stroke-width="4" paint-order="stroke"' : '';
      const rot = s.rotate ? ` transform="rotate(-90 ${r1(s.x)} ${r1(s.y)})"` : '';
      out.push(`<text x="${r1(s.x)}" y="${r1(s.y)}" text-anchor="${s.anchor}" font-size="${s.size}" fill="${s.color}"${halo}${rot}>${escapeXml(s.label.text)}</text>`);
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

/**
 * A drawing as a LaTeX `picture` (kernel commands and the `color` package only: \qbezier draws a
 * straight line of any slope, \circle a neuron, \colorbox the white ground of an edge label),
 * y pointing up, scaled to 0.65 pt per px — so the 7 pt labels keep apart and a neuron's 60 px
 * circle stays within \circle's 40 pt limit — or less if the drawing would be wider than the
 * text (about 440 pt).
 */
export function toPicture(d: Drawing): string {
  const S = Math.min(0.65, 440 / d.width);
  const X = (x: number) => r1(x * S);
  const Y = (y: number) => r1((d.height - y) * S);
  const out = ['\\begin{center}', '\\setlength{\\unitlength}{1pt}', '\\setlength{\\fboxsep}{0.5pt}', `\\begin{picture}(${X(d.width)},${r1(d.height * S)})`];
  for (const s of d.shapes) {
    if (s.k === 'line') out.push(`\\qbezier(${X(s.x1)},${Y(s.y1)})(${X((s.x1 + s.x2) / 2)},${Y((s.y1 + s.y2) / 2)})(${X(s.x2)},${Y(s.y2)})`);
    else if (s.k === 'circle') out.push(`\\put(${X(s.x)},${Y(s.y)}){\\circle{${r1(2 * s.r * S)}}}`);
    else if (s.k === 'poly') {
      s.pts.slice(1).forEach(([x, y], i) => {
        const [px, py] = s.pts[i]!;
        out.push(`\\qbezier(${X(px)},${Y(py)})(${X((px + x) / 2)},${Y((py + y) / 2)})(${X(x)},${Y(y)})`);
      });
    } else {
      const pos = s.anchor === 'start' ? '[l]' : s.anchor === 'end' ? '[r]' : '';
      // a label on an edge gets a white ground, as the SVG's halo, so the line does not strike it
      const body = s.halo ? `\\colorbox{white}{\\scriptsize$${s.label.tex}$}` : `\\scriptsize$${s.label.tex}$`;
      const box = s.rotate ? `\\rotatebox{90}{${body}}` : body;
      out.push(`\\put(${X(s.x)},${Y(s.y - 4)}){\\makebox(0,0)${pos}{${box}}}`);
    }
  }
  out.push('\\end{picture}', '\\end{center}');
  return out.join('\n');
}
