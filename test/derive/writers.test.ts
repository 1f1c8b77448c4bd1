/**
 * The writers and the CLI: numbers rounded only for display, message tables complete and
 * consistent, user text escaped in every format, reproducible output, the JSON's exact values,
 * the matrix view for a batch, and `symgrad derive` flags and errors (one line, exit 2). That
 * LaTeX with every special character in the name compiles with pdflatex: pdflatex.e2e.test.ts.
 */
import '../../src/derive/katex-node.js';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseNetwork } from '../../src/nn/load.js';
import { loadNetworkFile } from '../../src/nn/load-node.js';
import { derive, MESSAGES, render } from '../../src/derive/index.js';
import { ORDINALS } from '../../src/derive/messages.js';
import { circleBox, textBox, type Box } from '../../src/derive/placement.js';
import { curvePoints } from '../../src/derive/svg.js';
import { fmt, signed } from '../../src/derive/numbers.js';
import { COMPILED_STEPS, lossCurve, tableSteps } from '../../src/derive/update.js';
import { train } from '../../src/nn/evaluate.js';

const seedText = readFileSync('derivations/seed-2-2-1/network.yaml', 'utf8');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

describe('numbers', () => {
  it('rounds for display only, keeps integers, and never prints a false zero', () => {
    expect(fmt(0.6477999999999999, 4)).toBe('0.6478');
    expect(fmt(1, 4)).toBe('1');
    expect(fmt(-0.016160061, 2)).toBe('-0.02');
    expect(fmt(0.0000123456, 4)).toBe('1.235 \\times 10^{-5}');
    expect(signed(-0.1419, 4)).toBe('- 0.1419');
    expect(signed(0.0439, 4)).toBe('+ 0.0439');
  });

  it('follows --decimals in the document while the JSON keeps full precision', () => {
    const d = derive(loadNetworkFile('derivations/seed-2-2-1/network.yaml'), { decimals: 2 });
    const md = render(d, 'md', 'en').get('derivation.md')!;
    expect(md).toContain('= 0.44 \\times 1 + 0.35 \\times 1 - 0.14 = 0.65');
    const json = JSON.parse(render(d, 'json', 'en').get('derivation.json')!);
    expect(json.forward.z_1).toBe(0.6477999999999999);
    expect(json.parameters[0]).toMatchObject({ symbol: 'W_1', entry: '0.weight[0][0]', value: 0.4352 });
  });
});

describe('messages', () => {
  it('has the same placeholders in every language', () => {
    // `{l:ord}` is the argument `l` written as an ordinal word
    const holes = (s: string) => [...s.matchAll(/\{([A-Za-z0-9]+)(?::ord)?\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      expect(holes(MESSAGES.ko[key as keyof typeof MESSAGES.ko]), key).toEqual(holes(text));
    }
  });
});

describe('escaping user text', () => {
  const evil = parseNetwork(seedText.replace('name: seed-2-2-1', 'name: "<script>alert(1)</script> & $x_1$ 50% {b}"'), 'evil.yaml');
  const d = derive(evil);

  it('escapes the name in HTML, Markdown and LaTeX', () => {
    const html = render(d, 'html', 'en').get('derivation.html')!;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; $x_1$');
    const md = render(d, 'md', 'en').get('derivation.md')!;
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> & \\$x\\_1\\$ 50% {b}');
    const tex = render(d, 'tex', 'en').get('derivation.tex')!;
    expect(tex).toContain('$<$script$>$alert(1)$<$/script$>$ \\& \\$x\\_1\\$ 50\\% \\{b\\}');
  });
});

describe('determinism and views', () => {
  it('gives the same bytes twice and no date unless one is given', () => {
    const spec = loadNetworkFile('derivations/tanh-mse/network.yaml');
    const a = render(derive(spec), 'md', 'en').get('derivation.md')!;
    const b = render(derive(spec), 'md', 'en').get('derivation.md')!;
    expect(a).toBe(b);
    expect(a).not.toMatch(/^date:/m);
    expect(render(derive(spec, { date: '2025-01-02' }), 'md', 'en').get('derivation.md')).toMatch(/^date: 2025-01-02$/m);
  });

  it('adds a loss table and curve with --steps and the loss keeps falling on the tanh net', () => {
    const d = derive(loadNetworkFile('derivations/tanh-mse/network.yaml'), { steps: 5 });
    expect(d.data.losses).toHaveLength(6);
    for (let k = 1; k < 6; k++) expect(d.data.losses[k]!).toBeLessThan(d.data.losses[k - 1]!);
    const files = render(d, 'md', 'en');
    expect(files.get('derivation.loss.svg')).toContain('<polyline');
    expect(files.get('derivation.md')).toContain('![Loss per training step](derivation.loss.svg)');
  });

  it('writes a batch in matrix form with shapes, and refuses the scalar view for it', () => {
    const spec = loadNetworkFile('derivations/xor-batch4-matrix/network.yaml');
    const md = render(derive(spec), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('$B \\times 2 = 4 \\times 2$');
    expect(md).toContain('\\delta^{(2)} = \\frac{1}{B} \\left(A^{(2)} - Y\\right)');
    expect(() => derive(spec, { view: 'scalar' })).toThrow(/--view matrix/);
    // a batch of one can also be shown in matrix form
    const seedMatrix = render(derive(loadNetworkFile('derivations/seed-2-2-1/network.yaml'), { view: 'matrix' }), 'md', 'en').get('derivation.md')!;
    expect(seedMatrix).toContain('$B \\times 2 = 1 \\times 2$');
  });
});

describe('reading as a reader', () => {
  it('counts layers in Korean as the tutorial does (첫 번째, 두 번째), in the text and the diagram', () => {
    const files = render(derive(loadNetworkFile('derivations/seed-2-2-1/network.yaml')), 'md', 'ko');
    const ko = files.get('derivation.md')!;
    expect(ko).toContain('### 첫 번째 계층의 가중합');
    expect(ko).toContain('### 출력층 (두 번째 계층)');
    expect(ko).not.toMatch(/\d번째/);
    expect(files.get('derivation.network.svg')).toContain('>두 번째 계층<');
    expect(ORDINALS.ko(11)).toBe('11번째');
  });

  it('names the loss it differentiates', () => {
    const md = render(derive(loadNetworkFile('derivations/seed-2-2-1/network.yaml')), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('by differentiating the loss `nn.BCELoss` with respect to the prediction:');
  });

  it('labels the loss curve with whole step numbers and real \\text in LaTeX', () => {
    const d = derive(loadNetworkFile('derivations/tanh-mse/network.yaml'), { steps: 20 });
    const tex = render(d, 'tex', 'en').get('derivation.tex')!;
    expect(tex).not.toContain('\t');
    expect(tex).toContain('$\\text{step}$');
    expect(tex).toMatch(/\{\\scriptsize\$20\$\}/);
    expect(render(d, 'md', 'en').get('derivation.loss.svg')).toMatch(/>20</);
  });

  it.each(['seed-2-2-1', 'relu-softmax-classifier', 'tanh-mse'])('lays out the %s diagram with no label over another or over a neuron', (dir) => {
    const svg = render(derive(loadNetworkFile(`derivations/${dir}/network.yaml`)), 'md', 'en').get('derivation.network.svg')!;
    const num = (s: string, k: string) => Number(new RegExp(`${k}="([-0-9.]+)"`).exec(s)![1]);
    const circles = [...svg.matchAll(/<circle [^>]*>/g)].map((c) => circleBox(num(c[0], 'cx'), num(c[0], 'cy'), num(c[0], 'r')));
    const texts = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((t) => ({ edge: t[1]!.includes('paint-order'), box: textBox(t[2]!, num(t[1]!, 'x'), num(t[1]!, 'y'), num(t[1]!, 'font-size'), 0) }));
    const hit = (a: Box, b: Box) => Math.min(a.x2, b.x2) > Math.max(a.x1, b.x1) && Math.min(a.y2, b.y2) > Math.max(a.y1, b.y1);
    const edges = texts.filter((t) => t.edge);
    expect(edges.length).toBeGreaterThanOrEqual(6);
    edges.forEach((e, i) => {
      for (const o of texts) if (o !== e) expect(hit(e.box, o.box), `${dir}: label ${i}`).toBe(false);
      for (const c of circles) expect(hit(e.box, c), `${dir}: label ${i} on a neuron`).toBe(false);
    });
  });

  it('draws a long run with at most one point per unit of width', () => {
    expect(curvePoints(5, 10)).toEqual([0, 1, 2, 3, 4]);
    const pts = curvePoints(100_001, 491);
    expect(pts).toHaveLength(491);
    expect(pts[0]).toBe(0);
    expect(pts[pts.length - 1]).toBe(100_000);
    const svg = render(derive(loadNetworkFile('derivations/seed-2-2-1/network.yaml'), { steps: 2000 }), 'md', 'en').get('derivation.loss.svg')!;
    expect(svg.match(/<polyline points="([^"]*)"/)![1]!.split(' ').length).toBeLessThanOrEqual(491);
  });

  it('shows every sample of a batch as X and Y, and the numbers of the backward pass in the order of its formulas', () => {
    const md = render(derive(loadNetworkFile('derivations/xor-batch4-matrix/network.yaml')), 'md', 'en').get('derivation.md')!;
    expect(md).toContain('The input is a batch of 4 samples');
    expect(md).toContain('Y = \\begin{pmatrix} 0 \\\\ 1 \\\\ 1 \\\\ 0 \\end{pmatrix}');
    expect(md).not.toContain('The input is $x_{1} = 0');
    const at = (s: string) => md.lastIndexOf(s);
    const order = ['\\delta^{(2)} = \\begin', 'W^{(2)}} = \\begin', 'b^{(2)}} = \\begin', '\\delta^{(1)} = \\begin', 'W^{(1)}} = \\begin', 'b^{(1)}} = \\begin'].map(at);
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('long runs and large networks', () => {
  it('computes a long loss curve with the compiled gradient, equal to train()', () => {
    const spec = loadNetworkFile('derivations/xor-batch4-matrix/network.yaml');
    const steps = COMPILED_STEPS + 10;
    const r = train(spec, { steps });
    const curve = lossCurve(spec, steps);
    expect(curve).toHaveLength(steps + 1);
    curve.forEach((v, k) => expect(Math.abs(v - (k === 0 ? r.loss : r.losses[k - 1]!))).toBeLessThan(1e-12));
  });

  it('lists about twenty steps of a long run in the loss table, always the first and the last', () => {
    expect(tableSteps(5)).toEqual([0, 1, 2, 3, 4, 5]);
    const ks = tableSteps(1000);
    expect(ks[0]).toBe(0);
    expect(ks[ks.length - 1]).toBe(1000);
    expect(ks.length).toBeLessThanOrEqual(22);
    expect(tableSteps(45)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45]);
  });

  it('writes a large network in matrix form only, eliding big matrices', () => {
    const x = Array.from({ length: 3 }, (_, i) => Array.from({ length: 12 }, (_, j) => ((i + 1) * (j + 2)) % 7 / 7));
    const spec = parseNetwork(JSON.stringify({
      name: 'wide', seed: 5,
      layers: [{ type: 'linear', in: 12, out: 16 }, 'tanh', { type: 'linear', in: 16, out: 4 }],
      loss: { type: 'cross_entropy' }, optimizer: { type: 'sgd', lr: 0.1 }, data: { x, y: [[0], [3], [1]] },
    }), 'wide.json');
    expect(() => derive(spec, { view: 'scalar' })).toThrow();
    const d = derive(spec);
    const md = render(d, 'md', 'en').get('derivation.md')!;
    expect(md).toContain('\\cdots');
    expect(md).toContain('\\vdots');
    expect(md).not.toContain('W_{100}');
    expect(d.data.loss_after).toBeLessThan(d.data.loss);
  });
});

describe('symgrad derive', () => {
  it('prints one format to standard output', async () => {
    const r = await cli(['derive', 'derivations/seed-2-2-1/network.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).loss_after).toBeCloseTo(0.2804214083479139, 12);
    const md = await cli(['derive', 'derivations/seed-2-2-1/network.yaml', '--lang', 'ko']);
    expect(md.out).toContain('## 순전파 계산');
    expect(md.out).toContain('<svg');
  });

  it('writes the document and its figures into --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symgrad-derive-'));
    const r = await cli(['derive', 'derivations/seed-2-2-1/network.yaml', '--out', dir, '--lang', 'ko', '--steps', '3']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['derivation.ko.loss.svg', 'derivation.ko.md', 'derivation.ko.network.svg']);
  });

  it('reports bad flags and bad files in one line with exit code 2', async () => {
    for (const args of [
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--format', 'pdf'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--decimals', 'x'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--steps', '0'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--date', 'today'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--date', '2023-02-29'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--steps', '100001'],
      ['derive', 'no/such/file.yaml'],
      ['derive', 'derivations/seed-2-2-1/network.yaml', '--bogus'],
      ['derive', 'derivations/xor-batch4-matrix/network.yaml', '--view', 'scalar'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^symgrad derive: /);
    }
  });

  it('reports a folder it cannot write to in one line and leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symgrad-derive-'));
    writeFileSync(join(dir, 'taken'), 'a file where --out wants a folder');
    const r = await cli(['derive', 'derivations/seed-2-2-1/network.yaml', '--out', join(dir, 'taken', 'docs')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(join(dir, 'taken', 'docs'));
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('names the field of a custom formula that does not parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'symgrad-derive-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, seedText.replace('loss: {type: bce}', 'loss: {type: custom, f: "0.5*(y - yhat"}'));
    const r = await cli(['derive', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('loss.f');
  });
});
