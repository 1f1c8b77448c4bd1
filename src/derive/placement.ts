/**
 * Where an edge's label goes in the network diagram: somewhere along its edge where it covers
 * no neuron, no bias note and no label placed before it. Labels are tried at a few fractions t
 * of the edge (x = x₁ + t·(x₂ − x₁), likewise y), the caller's preferred one first; the first
 * free spot wins, and when none is free the one overlapping least. Text extents are estimated
 * (0.6 em per character, one em high), which is all a fixed-size diagram needs, and the result
 * depends only on the inputs, so documents stay byte-for-byte stable.
 */

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** The box of `text` at font `size`, anchored in the middle at baseline (x, y), with a margin. */
export function textBox(text: string, x: number, y: number, size: number, margin = 2): Box {
  const w = [...text].length * size * 0.6;
  return { x1: x - w / 2 - margin, x2: x + w / 2 + margin, y1: y - size * 0.85 - margin, y2: y + size * 0.25 + margin };
}

/** The box around a circle of radius r at (x, y). */
export const circleBox = (x: number, y: number, r: number): Box => ({ x1: x - r, x2: x + r, y1: y - r, y2: y + r });

const overlap = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));

/** Fractions along an edge to try after the preferred one: the middle, then outwards. */
const CANDIDATES = [0.5, ...[1, 2, 3, 4, 5, 6, 7].flatMap((k) => [0.5 - 0.05 * k, 0.5 + 0.05 * k])];

/**
 * The baseline point for a label of `text` on the segment (x1, y1)–(x2, y2), trying `prefer`
 * first; `taken` holds the boxes to keep clear and receives the chosen label's box.
 */
export function placeLabel(
  seg: { x1: number; y1: number; x2: number; y2: number },
  text: string,
  size: number,
  prefer: number,
  taken: Box[],
): { x: number; y: number } {
  let best: { x: number; y: number; box: Box; cost: number } | undefined;
  for (const t of [prefer, ...CANDIDATES]) {
    const x = seg.x1 + (seg.x2 - seg.x1) * t;
    const y = seg.y1 + (seg.y2 - seg.y1) * t - 4;
    const box = textBox(text, x, y, size);
    const cost = taken.reduce((s, b) => s + overlap(box, b), 0);
    if (!best || cost < best.cost) best = { x, y, box, cost };
    if (cost === 0) break;
  }
  taken.push(best!.box);
  return { x: best!.x, y: best!.y };
}
