// `npm run build` (also run by `npm pack`): src/ to dist/ in three parts.
//  - tsc writes the .d.ts files only (tsconfig.build.json), with their doc comments;
//  - esbuild transpiles every module to ESM JavaScript file by file (no bundling, so imports and
//    module boundaries stay as written), without comments, with source maps holding the sources;
//  - mathjs's parser-only instance (src/parse/mathjs.ts) is bundled on its own into
//    dist/parse/mathjs.js (minified, no map: it is mathjs's code), so the installed package
//    neither loads nor depends on the rest of mathjs.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const parser = join('src', 'parse', 'mathjs.ts');
await build({
  entryPoints: sources('src').filter((f) => f !== parser),
  outdir: 'dist',
  outbase: 'src',
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
const mathjs = require('mathjs/package.json');
await build({
  entryPoints: [parser],
  outfile: 'dist/parse/mathjs.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'inline',
  banner: { js: `// mathjs ${mathjs.version} (${mathjs.license}, https://mathjs.org): its expression parser only, bundled by symgrad's build.` },
  logLevel: 'warning',
});
