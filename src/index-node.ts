/**
 * The package's Node entry: everything index.ts exports, with `loadNetwork` also reading a path
 * (or `-` for standard input) and the HTML writer reading KaTeX's stylesheet from the installed
 * katex package.
 */
import './render/doc/katex-node.js';
import { loadNetwork as loadNetworkText, type LoadOptions } from './network.js';
import { loadNetworkFile } from './nn/load-node.js';
import type { NetworkSpec } from './nn/spec.js';

export * from './index.js';

/**
 * A network from a file path, from its text (anything with a line break, or starting with `{`),
 * or from a plain object.
 */
export function loadNetwork(source: string | object, opts: LoadOptions = {}): NetworkSpec {
  if (typeof source === 'string' && !source.includes('\n') && !source.trimStart().startsWith('{')) return loadNetworkFile(source);
  return loadNetworkText(source, opts);
}
