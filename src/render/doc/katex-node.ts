/**
 * KaTeX's stylesheet and fonts read from the installed katex package (Node only), registered as
 * the HTML writer's assets when this module is imported — by the CLI, the gallery and the
 * package's Node entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { useKatexAssets, type KatexAssets } from './katex.js';

const DIST = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');

export const nodeKatexAssets: KatexAssets = {
  css: () => readFileSync(join(DIST, 'katex.min.css'), 'utf8'),
  font: (file) => readFileSync(join(DIST, 'fonts', file)).toString('base64'),
};

useKatexAssets(nodeKatexAssets);
