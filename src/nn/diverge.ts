/**
 * Divergence: training that produces NaN or ±Infinity is reported as such, not misdiagnosed
 * downstream (a NaN output is not "bce needs outputs in [0, 1]"). After every optimizer step the
 * interpreter (evaluate.ts) and the compiled closure (src/compile/report.ts) both call
 * `checkStep`, so the two paths stop at the same step with the same message and exit code 1;
 * the error carries the losses of the steps that completed, which the CLI prints first.
 */
import { SymgradError } from '../errors.js';
import type { ParamEntry } from './params.js';

export class DivergedError extends SymgradError {
  constructor(
    message: string,
    /** The step at which it diverged (0: at the initial parameters). */
    readonly step: number,
    /** The loss at the initial parameters, when finite. */
    readonly initialLoss: number | undefined,
    /** The losses after the steps that completed. */
    readonly losses: readonly number[],
  ) {
    super(message, { field: 'optimizer' }, 1);
  }

  /** The steps that completed, as the report prints them. */
  progress(): string {
    const lines = this.initialLoss === undefined ? [] : [`loss: ${this.initialLoss}`];
    this.losses.forEach((l, k) => lines.push(`loss after step ${k + 1}: ${l}`));
    return lines.join('\n');
  }
}

/** `0.weight[1][0]`: the parameter at a flat position. */
function paramName(entries: readonly ParamEntry[], i: number): string {
  const e = entries.find((p) => i >= p.offset && i < p.offset + p.size);
  if (!e) return `parameter ${i}`;
  let rest = i - e.offset;
  const index = e.shape.map((_, d) => {
    const stride = e.shape.slice(d + 1).reduce((a, b) => a * b, 1);
    const k = Math.floor(rest / stride);
    rest -= k * stride;
    return `[${k}]`;
  });
  return `${e.key}${index.join('')}`;
}

/**
 * After step `step` (1-based; 0 = the initial parameters): refuse non-finite parameters or a
 * non-finite loss, naming the first parameter that broke. `losses` are those of the completed
 * steps before this one.
 */
export function checkStep(
  step: number,
  params: ArrayLike<number>,
  entries: readonly ParamEntry[],
  loss: number,
  initialLoss: number | undefined,
  losses: readonly number[],
): void {
  const hint = step === 0 ? 'check the weights and data' : 'a smaller learning rate (optimizer.lr) may help';
  const when = step === 0 ? 'at the initial parameters' : `at step ${step}`;
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i]!)) {
      throw new DivergedError(`training diverged ${when}: ${paramName(entries, i)} became ${params[i]}; ${hint}`, step, initialLoss, losses);
    }
  }
  if (!Number.isFinite(loss)) {
    throw new DivergedError(`training diverged ${when}: the loss became ${loss}; ${hint}`, step, initialLoss, losses);
  }
}
