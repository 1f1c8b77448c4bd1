/**
 * No false errors on correct documents: every derivation in the gallery (written by symgrad's
 * document renderer from exact values rounded to 4 decimals) passes the checker against its own
 * network file with no error and no warning.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';

const ROOT = 'derivations';
const docs = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'network.yaml')))
  .flatMap((d) => readdirSync(join(ROOT, d.name)).filter((f) => /^derivation.*\.(md|tex)$/.test(f)).map((f) => [d.name, f] as const));

describe('the gallery of derivations', () => {
  it('has documents to check', () => {
    expect(docs.length).toBeGreaterThan(0);
  });

  it.each(docs)('%s/%s passes with no error and no warning', (dir, file) => {
    const spec = loadNetworkFile(join(ROOT, dir, 'network.yaml'));
    const r = checkDocument(readFileSync(join(ROOT, dir, file), 'utf8'), file, { spec });
    const flagged = r.equations.flatMap((e) => e.findings).filter((f) => f.severity !== 'note');
    expect(flagged.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
    expect(r.summary.passed).toBeGreaterThan(10);
  });
});
