/**
 * Renders a benchmark run as Markdown (bench/RESULTS.md) and
 * as a plain-text summary for the terminal. Times are medians per gradient; the verdicts are the
 * ratios to the hand-written reference and the targets table.
 */
import type { Clock } from './harness.js';
import type { BenchResults, ContenderResult, TargetResult, WorkloadResult } from './results.js';
import { formatFactor } from './results.js';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 1e-6) return `${(s * 1e9).toFixed(1)} ns`;
  if (s < 1e-3) return `${(s * 1e6).toFixed(2)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(2)} ms`;
  return `${s.toFixed(2)} s`;
}

function ratio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  return r < 10 ? `${r.toFixed(2)}×` : formatFactor(r);
}

function agreement(c: ContenderResult, w: WorkloadResult): string {
  if (!c.agreement) return c.name === w.baseline ? 'baseline' : '—';
  const d = c.agreement.maxAbsDiff.toExponential(1);
  return c.agreement.agrees ? `✓ ${d}` : `✗ ${d} **disagrees** (tol ${c.agreement.tolerance.toExponential(0)})`;
}

function contenderRow(c: ContenderResult, w: WorkloadResult): string {
  if (c.skipped) return `| ${c.name} | not run: ${escapeCell(c.skipped)} | | | | | | | | |`;
  const t = c.timing!;
  const spread = `${formatSeconds(t.q1)} – ${formatSeconds(t.q3)}`;
  const samples = `${t.samples.length} × ${t.reps}`;
  const gflops = c.gflops !== undefined ? c.gflops.toFixed(2) : '';
  const setup = c.setupSeconds !== undefined ? formatSeconds(c.setupSeconds) : '';
  return `| ${c.name} | ${formatSeconds(t.median)} | ${spread} | ${formatSeconds(t.otherMedian)} | ${samples} | ${ratio(c.ratio)} | ${gflops} | ${agreement(c, w)} | ${setup} | ${escapeCell(c.note ?? '')} |`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function workloadSection(w: WorkloadResult, clock: Clock): string[] {
  const other = clock === 'cpu' ? 'wall' : 'CPU';
  const lines = [
    `### (${w.id}) ${w.title}`,
    '',
    `Gradients compared with **${w.baseline}**${w.baseline === 'symgrad js f64' ? ' (itself compared with the hand-written reference)' : ''}.` +
      (w.id !== 'a' ? ` GFLOP/s counts the matrix products only: ${(w.flops / 1e6).toFixed(2)} MFLOP per gradient.` : ''),
  ];
  if (w.pytorchCheck) {
    lines.push(`Hand-written gradient vs the tutorial's PyTorch numbers: max |Δ| ${w.pytorchCheck.maxAbsDiff.toExponential(1)} ${w.pytorchCheck.agrees ? '✓' : '✗'}.`);
  }
  lines.push(
    '',
    `| contender | ${clock === 'cpu' ? 'CPU' : 'wall'} time / gradient (median) | IQR | ${other} (median) | samples × reps | × hand-written | GFLOP/s | max \\|Δ\\| gradient | setup (wall) | notes |`,
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---|',
    ...w.contenders.map((c) => contenderRow(c, w)),
    '',
  );
  return lines;
}

function verdict(t: TargetResult): string {
  return t.met === null ? '— not judged' : t.met ? '✅ met' : '❌ missed';
}

/** The Markdown body (no top-level title): used for RESULTS.md. */
export function renderMarkdown(r: BenchResults, why: Readonly<Record<string, string>> = {}): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (**--quick smoke run: too few samples to trust**)' : ''} on ${m.cpu}, ${m.cores} cores, Node ${m.node}` +
      ` (load average ${m.loadavg.join(', ')} at the end); the run took ${r.seconds.toFixed(0)} s.`,
    'All contenders ran in one process in interleaved rounds after warm-up; times are medians per gradient, IQR the',
    'middle half of the samples. The verdict is the ratio to the hand-written JS reference (lower is faster), not the',
    'absolute times, which depend on the machine and its load.' +
      (r.clock === 'cpu' ? ' Times are this process\'s CPU time (user + system), so that other jobs on a shared machine do not count; wall-clock medians are shown beside them.' : ''),
    '',
    '#### Targets (issues 4 and 13)',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
    ...r.targets.map((t) => `| ${t.target} | ${escapeCell(t.measured)} | ${verdict(t)} |`),
    '',
  ];
  const missed = r.targets.filter((t) => t.met === false);
  for (const t of missed) if (why[t.target]) lines.push(`- **Missed: ${t.target}.** ${why[t.target]}`);
  if (missed.length) lines.push('');
  lines.push(`#### symgrad derive + compile (NetworkSpec → ready closure, js float64; ${r.clock === 'cpu' ? 'CPU' : 'wall'} time)`, '', `| network | first call | median of repeats | ${r.clock === 'cpu' ? 'wall' : 'CPU'} (median) | closure |`, '|---|---:|---:|---:|---|');
  for (const w of r.workloads) {
    const c = w.compile;
    lines.push(c.skipped
      ? `| (${w.id}) | not run: ${escapeCell(c.skipped)} | | | |`
      : `| (${w.id}) ${w.title.split(' ')[0]} | ${formatSeconds(c.first ?? NaN)} | ${formatSeconds(c.median ?? NaN)} (${c.repeats}) | ${formatSeconds(c.otherMedian ?? NaN)} | ${c.mode ?? ''} |`);
  }
  for (const w of r.workloads) {
    const c = w.compileWasm;
    if (c && !c.skipped) lines.push(`| (${w.id}) ${w.title.split(' ')[0]}, wasm f32 (derive + compile + instantiate) | ${formatSeconds(c.first ?? NaN)} | ${formatSeconds(c.median ?? NaN)} (${c.repeats}) | ${formatSeconds(c.otherMedian ?? NaN)} | ${c.mode ?? ''} |`);
  }
  lines.push('');
  for (const w of r.workloads) lines.push(...workloadSection(w, r.clock));
  return lines.join('\n');
}

/** A short terminal summary: the ratios and the targets. */
export function renderSummary(r: BenchResults): string {
  const out: string[] = [];
  for (const w of r.workloads) {
    out.push(`(${w.id}) ${w.title}`);
    for (const c of w.contenders) {
      if (c.skipped) out.push(`  ${c.name.padEnd(30)} not run: ${c.skipped}`);
      else {
        const flag = c.agreement && !c.agreement.agrees ? '  ✗ GRADIENT DISAGREES' : '';
        const gf = c.gflops !== undefined ? `  ${c.gflops.toFixed(2)} GFLOP/s` : '';
        out.push(`  ${c.name.padEnd(30)} ${formatSeconds(c.timing!.median).padStart(11)}  ${ratio(c.ratio).padStart(9)}${gf}${flag}`);
      }
    }
  }
  out.push('targets:');
  for (const t of r.targets) out.push(`  ${verdict(t).padEnd(14)} ${t.target} — ${t.measured}`);
  return out.join('\n');
}
