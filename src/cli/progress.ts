/**
 * Progress for long runs (`grad --steps`, `derive --steps`): a `step k/N` line redrawn on
 * standard error, only when standard error is a terminal (never in pipes, files or tests), at
 * most ten times a second, and erased when the run ends, so that standard output stays clean.
 */
export interface Progress {
  readonly tick: (done: number, total: number) => void;
  readonly done: () => void;
}

const NONE: Progress = { tick: () => {}, done: () => {} };

export function progress(label: string, stream: { isTTY?: boolean; write(s: string): unknown } = process.stderr): Progress {
  if (!stream.isTTY) return NONE;
  let last = 0;
  let shown = false;
  return {
    tick(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      stream.write(`\r${label}: step ${done}/${total} (${Math.floor((100 * done) / total)}%)`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
