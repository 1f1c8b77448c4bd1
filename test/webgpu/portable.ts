/**
 * A lowered program as JSON for the test page: numbers that JSON cannot hold (±Infinity, NaN)
 * are tagged, and the symbols a scalar block binds (Expr objects, unused by the WGSL generator)
 * are dropped.
 */
export interface Case {
  readonly program: string;
  readonly params: number[];
  readonly x: number[];
  readonly y: number[];
  readonly steps: number;
}

export interface CaseResult {
  readonly loss: number;
  readonly grad: number[];
  readonly losses: number[];
  readonly after: number[];
  readonly afterHostSteps: number[];
  readonly adapter: { vendor: string; architecture: string; description: string; fallback: boolean };
  readonly kernels: number;
}

export function toPortable(prog: unknown): string {
  return JSON.stringify(prog, (key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
    if (key === 'block' && v && typeof v === 'object') return { ...(v as object), inputs: [] };
    return v;
  });
}

export function fromPortable(s: string): unknown {
  return JSON.parse(s, (_, v: unknown) => (v && typeof v === 'object' && '$num' in v ? Number((v as { $num: string }).$num) : v));
}
