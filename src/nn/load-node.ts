/**
 * Reading a network file from disk (Node only): the text goes through load.ts's parseNetwork, so
 * a file and a string give the same spec and the same messages. `-` reads standard input.
 */
import { displayName, readTextFile } from '../files-node.js';
import { parseNetwork } from './load.js';
import type { NetworkSpec } from './spec.js';

/** Read and parse a network file (`-`: standard input). */
export function loadNetworkFile(path: string): NetworkSpec {
  return parseNetwork(readTextFile(path, 'is a directory, not a network file'), displayName(path));
}
