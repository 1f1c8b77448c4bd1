/**
 * The source tree reads like the pipeline: each folder of src/ imports only the folders below
 * it (the root modules errors/text/limits/input/output → expr → diff → parse → simplify → render
 * → nn → compile → derive → check → network/api/index → cli), and there
 * are no import cycles between modules. (An op table's derivative rules build with builders that
 * consult the table; the builders are handed to the rules by the chain-rule driver instead of
 * imported, so table and builders form no cycle.)
 * Type-only imports are erased at run time and are not counted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const ORDER = ['errors.ts', 'text.ts', 'limits.ts', 'input-node.ts', 'output-node.ts', 'expr', 'diff', 'parse', 'simplify', 'render', 'nn', 'compile', 'derive', 'check', 'network.ts', 'api', 'index.ts', 'index-node.ts', 'cli'];

function sources(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Run-time imports of each module (relative paths), as absolute .ts paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of sources(src)) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^'";]*?\s*from\s+'(\.[^']+)'/gm)]
      .map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(f, deps);
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      scc.push(relative(src, w));
    } while (w !== v);
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('layering', () => {
  const graph = importGraph();

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker checks itself)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c'].map((x) => relative(src, x))].map((c) => c.sort()));
  });

  it('each folder imports only the folders below it', () => {
    const top = (f: string) => relative(src, f).split('/')[0]!;
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      const from = ORDER.indexOf(top(f));
      expect(from, `${relative(src, f)} is in a folder the layer list does not know`).toBeGreaterThanOrEqual(0);
      for (const d of deps) if (ORDER.indexOf(top(d)) > from) wrong.push(`${relative(src, f)} → ${relative(src, d)}`);
    }
    expect(wrong).toEqual([]);
  });
});
