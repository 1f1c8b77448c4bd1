/**
 * mathjs's expression parser and nothing else: the instance is created from the parser-only
 * factory (`create({ parseDependencies })`), so a bundler keeps just the parser and what it needs
 * (not mathjs's functions, units or matrices). The package build bundles this module on its own
 * (scripts/build.mjs), so the installed package loads the parser without loading all of mathjs.
 */
import { create, parseDependencies } from 'mathjs';

let parse: ((text: string) => unknown) | undefined;

/**
 * Parse one statement into mathjs's node tree (converted to ours by convert.ts). The instance is
 * created on first use: creating it costs more than loading the code, and most runs (a network
 * without custom formulas) never parse a formula.
 */
export function mathParse(text: string): unknown {
  parse ??= create({ parseDependencies: parseDependencies! }).parse;
  return parse(text);
}
