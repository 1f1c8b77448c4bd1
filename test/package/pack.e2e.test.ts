/**
 * The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into an
 * empty project from the registry, then the installed `symgrad` command, the API imported from a
 * plain .mjs file, and a TypeScript consumer type-checked against the shipped .d.ts (plus one
 * that must fail, so the check can fail). Targets: tarball ≤ 600 KB, install ≤ 80 MB.
 * Expected numbers: the seed's reference loss (bench/seed-2-2-1.reference.json, from PyTorch),
 * d/dx x²·y = 2xy = 12 at x=3, y=2, and ∂/∂w sigmoid(w·x+b) at w=0.5, x=1, b=0: σ(0.5)(1−σ(0.5)).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'bench/seed-2-2-1.reference.json'), 'utf8')) as { loss: number };
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

let dir: string;
let tarball: string;

function run(cmd: string, args: string[], opts: { input?: string } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', input: opts.input, env: { ...process.env, SYMGRAD_DIST: '' }, timeout: 240_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function du(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + du(join(path, e)), 0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'symgrad-pack-'));
  const name = execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  tarball = join(dir, name);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--silent'], { cwd: dir, encoding: 'utf8' });
  copyFileSync(join(ROOT, 'derivations/seed-2-2-1/network.yaml'), join(dir, 'seed.yaml'));
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack → npm install', () => {
  it('ships a small tarball with only dist/, the bin and the license', () => {
    // the issue's target: 600 KB (source maps carry positions, not the sources' text)
    expect(statSync(tarball).size).toBeLessThanOrEqual(600 * 1024);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/LICENSE');
    expect(files.filter((f) => !/^package\/(dist\/|bin\/symgrad\.js$|LICENSE$|README\.md$|package\.json$)/.test(f))).toEqual([]);
  });

  it('installs in at most 80 MB, without gpu.js or mathjs', () => {
    const nm = join(dir, 'node_modules');
    expect(du(nm)).toBeLessThanOrEqual(80 * 1024 * 1024);
    const installed = readdirSync(nm);
    expect(installed).not.toContain('gpu.js');
    expect(installed).not.toContain('webgpu');
    expect(installed).not.toContain('mathjs');
    expect(installed).not.toContain('tsx');
  });

  it('runs npx symgrad --version, grad, and reads standard input', () => {
    const v = run('npx', ['--no-install', 'symgrad', '--version']);
    expect(v).toMatchObject({ code: 0, out: `${VERSION}\n` });
    const g = run('npx', ['--no-install', 'symgrad', 'grad', 'seed.yaml', '--backend', 'js', '--json']);
    expect(g.err).toBe('');
    expect((JSON.parse(g.out) as { loss: number }).loss).toBe(REFERENCE.loss);
    const s = run('npx', ['--no-install', 'symgrad', 'grad', '-', '--json'], { input: readFileSync(join(dir, 'seed.yaml'), 'utf8') });
    expect(Math.abs((JSON.parse(s.out) as { loss: number }).loss - REFERENCE.loss)).toBeLessThan(1e-15);
    const bad = run('npx', ['--no-install', 'symgrad', 'grad', 'missing.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  }, 300_000);

  it('imports the API from a plain .mjs', () => {
    writeFileSync(join(dir, 'use.mjs'), [
      "import { loadNetwork, train, compileGradient, derive, render, check, parseExpression, derivative, gradient, simplify, toLatex, grad, Sequential, Linear, Sigmoid, BCELoss, SGD } from 'symgrad';",
      "import { readFileSync } from 'node:fs';",
      "const fromPath = loadNetwork('seed.yaml');",
      "const fromText = loadNetwork(readFileSync('seed.yaml', 'utf8'));",
      "const built = Sequential(Linear(2, 2, { weight: [[0.4352, 0.3545], [0.1951, 0.4835]], bias: [-0.1419, 0.0439] }), Sigmoid(), Linear(2, 1, { weight: [[-0.1725, 0.1129]], bias: [-0.3043] }), Sigmoid())",
      "  .spec({ loss: BCELoss(), optimizer: SGD({ lr: 1 }), data: { x: [[1, 1]], y: [[0]] } });",
      "const c = compileGradient(fromPath);",
      "const p = c.initialParams(); const { x, y } = c.data(); const g = new Float64Array(c.layout.paramCount);",
      "const html = render(derive(fromText), 'html', 'ko').get('derivation.html');",
      "const out = {",
      "  losses: [train(fromPath).loss, train(fromText).loss, train(built).loss, c.grad(p, x, y, g)],",
      "  dx: grad('x^2*y', 'x')({ x: 3, y: 2 }),",
      "  dwdb: grad('sigmoid(w*x + b)', ['w', 'b'])([0.5, 1, 0]),",
      "  derivative: toLatex(derivative('x^3', 'x')),",
      "  gradient: gradient(parseExpression('w*x + b'), ['w', 'b']).map(String).length,",
      "  simplified: toLatex(simplify(parseExpression('x + x'))),",
      "  html: html.includes('class=\"katex\"') && html.includes('@font-face'),",
      "  check: check('$$ 2 + 2 = 5 $$\\n').summary,",
      "};",
      'console.log(JSON.stringify(out));',
    ].join('\n'));
    const r = run(process.execPath, ['use.mjs']);
    expect(r.err).toBe('');
    const out = JSON.parse(r.out);
    for (const l of out.losses) expect(Math.abs(l - REFERENCE.loss)).toBeLessThan(1e-15);
    expect(out.losses[3]).toBe(REFERENCE.loss); // the compiled closure matches PyTorch to the last bit
    expect(out.dx).toBe(12);
    const s = 1 / (1 + Math.exp(-0.5));
    expect(out.dwdb[0]).toBeCloseTo(s * (1 - s), 15);
    expect(out.dwdb[1]).toBeCloseTo(s * (1 - s), 15);
    expect(out.derivative).toBe('3 x^{2}');
    expect(out.gradient).toBe(2);
    expect(out.simplified).toBe('2 x');
    expect(out.html).toBe(true);
    expect(out.check.failed).toBe(1);
  }, 120_000);

  it('type-checks a TypeScript consumer against the shipped types, and catches a wrong one', () => {
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] } };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: ['good.ts'] }));
    writeFileSync(join(dir, 'good.ts'), [
      "import { loadNetwork, train, compileGradient, grad, derivative, toLatex, Sequential, Linear, Sigmoid, BCELoss, SGD, type NetworkSpec, type Expr, type TrainResult } from 'symgrad';",
      "const spec: NetworkSpec = Sequential(Linear(2, 1), Sigmoid()).spec({ loss: BCELoss(), optimizer: SGD({ lr: 0.5 }), data: { x: [[1, 2]], y: [[1]] } });",
      'const r: TrainResult = train(spec, { steps: 2 });',
      "const slope: number = grad('x^2', 'x')({ x: 1 });",
      "const both: number[] = grad('w*x', ['w', 'x'])([1, 2]);",
      "const d: Expr = derivative('x^2', 'x');",
      "const tex: string = toLatex(d);",
      "const mode: string = compileGradient(loadNetwork('seed.yaml')).mode;",
      'export const all = [r.loss, slope, both, tex, mode];',
    ].join('\n'));
    const good = run(process.execPath, [TSC, '-p', 'tsconfig.json']);
    expect(good.out + good.err).toBe('');
    expect(good.code).toBe(0);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: ['bad.ts'] }));
    writeFileSync(join(dir, 'bad.ts'), "import { grad } from 'symgrad';\nexport const s: string = grad('x^2', 'x')({ x: 1 });\n");
    const bad = run(process.execPath, [TSC, '-p', 'tsconfig.json']);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/bad\.ts\(2,14\): error TS2322/);
  }, 300_000);
});
