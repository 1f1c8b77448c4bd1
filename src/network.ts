/**
 * `loadNetwork` in a browser (or anywhere without a file system): a network file's text (YAML or
 * JSON) or the same shape as a plain object becomes a resolved NetworkSpec. The Node entry
 * (index-node.ts) also accepts a path.
 */
import { networkFromObject, parseNetwork } from './nn/load.js';
import type { NetworkSpec } from './nn/spec.js';

export interface LoadOptions {
  /** How the text is named in messages (default `network.yaml`). */
  readonly file?: string;
}

/** Parse a network from its text or a plain object. */
export function loadNetwork(source: string | object, opts: LoadOptions = {}): NetworkSpec {
  if (typeof source === 'string') return parseNetwork(source, opts.file ?? 'network.yaml');
  return networkFromObject(source, opts.file);
}
