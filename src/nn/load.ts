/**
 * Reading a network file (YAML or JSON — JSON is read as YAML 1.2, so both give the same
 * messages) into a resolved NetworkSpec. Every mistake is a SymgradError naming the file, line
 * and field path; see resolve.ts for what is checked and which defaults are filled in.
 * Reading from disk is load-node.ts's job; this module runs unchanged in a browser.
 */
import { SymgradError } from '../errors.js';
import { fromPlain, parseLocated } from './located.js';
import { resolveNetwork } from './resolve.js';
import type { NetworkSpec } from './spec.js';

/** Parse network text; `file` names it in messages. */
export function parseNetwork(text: string, file: string): NetworkSpec {
  return resolveNetwork(parseLocated(text, file), file);
}

/** Resolve a network given as a plain object (the same shape as the file), e.g. from JSON.parse. */
export function networkFromObject(value: unknown, file?: string): NetworkSpec {
  return resolveNetwork(fromPlain(value), file);
}
