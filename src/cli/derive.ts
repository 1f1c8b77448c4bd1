/**
 * `symgrad derive <network.yaml> [--format md|tex|html|json] [--lang en|ko] [--decimals 4]
 * [--out DIR] [--steps N] [--view scalar|matrix] [--date YYYY-MM-DD]`: write the step-by-step
 * derivation of one training step (forward pass, loss, chain rule for every parameter, update)
 * as a document. Without --out the document goes to standard output (Markdown figures inline);
 * with --out it is written to DIR/derivation.<ext> (plus its SVG figures for Markdown).
 * `symgrad derive --gallery DIR` regenerates every document listed in DIR/gallery.json.
 */
import '../render/doc/katex-node.js';
import { parseArgs } from 'node:util';
import { progress } from './progress.js';
import { SymgradError } from '../errors.js';
import { loadNetworkFile } from '../nn/load-node.js';
import { derive, FORMATS, LANGS, render, type Format, type Lang, type View } from '../render/doc/index.js';
import { writeFiles } from '../render/doc/write-node.js';
import { regenerateGallery } from '../render/doc/gallery-node.js';
import type { Command, Flags, Io } from './main.js';

const USAGE = [
  'usage: symgrad derive <network.yaml> [--format md|tex|html|json] [--lang en|ko] [--decimals N]',
  '                      [--out DIR] [--steps N] [--view scalar|matrix] [--date YYYY-MM-DD]',
  '       symgrad derive --gallery DIR',
].join('\n');

const OPTIONS = {
  format: { type: 'string' }, lang: { type: 'string' }, decimals: { type: 'string' }, out: { type: 'string' },
  steps: { type: 'string' }, view: { type: 'string' }, date: { type: 'string' }, gallery: { type: 'string' },
} as const satisfies Flags;

function choice<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new SymgradError(`--${flag}: expected one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

function whole(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new SymgradError(`--${flag}: expected a whole number, got '${v}'`);
  return Number(v);
}

export const deriveCommand: Command = {
  summary: [
    'Write the derivation of one training step by hand: the network (diagram, parameters), the forward',
    'pass neuron by neuron with the numbers, the loss, the backward pass with the chain rule for every',
    'weight and bias (each factor named and evaluated), and the update.',
    '  --format F     md (Jekyll/GitHub Markdown, default), tex (pdflatex), html (KaTeX rendered), json',
    '  --lang L       en (default) or ko',
    '  --decimals N   places shown, 0 to 12 (default 4); computation always uses full precision',
    '  --out DIR      write DIR/derivation.<ext> (and SVG figures for md) instead of printing',
    '  --steps N      train N steps (at most 100000) and add a loss table and curve',
    '  --view V       scalar (batch of one, default) or matrix (default for a batch > 1)',
    '  --date D       date for the front matter (YYYY-MM-DD); never the current date',
    '  --gallery DIR  regenerate every document listed in DIR/gallery.json',
  ].join('\n'),
  usage: USAGE,
  options: OPTIONS,
  run(argv: string[], io: Io): number {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    if (values.gallery !== undefined) {
      if (positionals.length > 0) throw new SymgradError(`--gallery takes no network file, got ${positionals.length} (see symgrad derive --help)`);
      const { written, unchanged } = regenerateGallery(values.gallery);
      io.out(`${written.length} file(s) written, ${unchanged} unchanged`);
      return 0;
    }
    if (positionals.length !== 1) throw new SymgradError(`expected one network file, got ${positionals.length} (see symgrad derive --help)`);
    const format = choice<Format>('format', values.format, FORMATS, 'md');
    const lang = choice<Lang>('lang', values.lang, LANGS, 'en');
    const view = values.view === undefined ? undefined : choice<View>('view', values.view, ['scalar', 'matrix'], 'scalar');
    const spec = loadNetworkFile(positionals[0]!);
    const bar = progress('symgrad derive');
    const d = derive(spec, {
      onStep: bar.tick,
      decimals: whole('decimals', values.decimals, 4),
      steps: whole('steps', values.steps, 1),
      ...(view ? { view } : {}),
      ...(values.date !== undefined ? { date: values.date } : {}),
    });
    bar.done();
    if (values.out === undefined) {
      const files = render(d, format, lang, 'derivation', true);
      io.out([...files.values()][0]!);
      return 0;
    }
    const base = lang === 'en' ? 'derivation' : `derivation.${lang}`;
    for (const path of writeFiles(values.out, render(d, format, lang, base))) io.out(path);
    return 0;
  },
};
