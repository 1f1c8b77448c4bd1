/**
 * A network file without `data`, for the commands that only need shapes (`bench`, `compile`):
 * with `--batch N` it gets N seeded random rows — inputs uniform in [−1, 1], targets of the
 * loss's kind (class indices for cross-entropy, values in (0, 1) for BCE, uniform in [−1, 1]
 * otherwise) — from the file's own seed, so runs repeat. A file with data is read as always.
 */
import { parse } from 'yaml';
import { SymgradError } from '../errors.js';
import { displayName, readInput } from '../input-node.js';
import { networkFromObject, parseNetwork } from '../nn/load.js';
import type { NetworkSpec } from '../nn/spec.js';
import { mulberry32 } from '../nn/init.js';

type Raw = { layers?: unknown; loss?: unknown; data?: unknown; seed?: unknown };

export function loadNetworkForShapes(path: string, batch: number | undefined): NetworkSpec {
  const text = readInput(path, 'a network file');
  const loadNetworkFile = (_: string) => parseNetwork(text, displayName(path));
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    return loadNetworkFile(path); // its own one-line message
  }
  const r = raw as Raw;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || r.data !== undefined || !Array.isArray(r.layers)) return loadNetworkFile(path);
  if (batch === undefined) throw new SymgradError(`${displayName(path)}: the network has no data; give --batch N for seeded random inputs and targets`);
  const linears = (r.layers as Array<{ type?: unknown; in?: unknown; out?: unknown }>).filter((l) => l && l.type === 'linear');
  const inF = linears[0]?.in, outF = linears.at(-1)?.out;
  if (typeof inF !== 'number' || typeof outF !== 'number' || !(inF >= 1) || !(outF >= 1)) return loadNetworkFile(path);
  const lossType = typeof r.loss === 'string' ? r.loss : (r.loss as { type?: unknown } | undefined)?.type;
  const next = mulberry32(typeof r.seed === 'number' ? r.seed : 0);
  const x = Array.from({ length: batch }, () => Array.from({ length: inF }, () => 2 * next() - 1));
  const y = Array.from({ length: batch }, () =>
    lossType === 'cross_entropy' ? [Math.floor(next() * outF)] : Array.from({ length: outF }, () => (String(lossType).startsWith('bce') ? 0.05 + 0.9 * next() : 2 * next() - 1)),
  );
  return networkFromObject({ ...r, data: { x, y } }, displayName(path));
}
