/** Run the `symgrad` command line in-process with a capturing io: exit code, stdout, stderr. */
import { main, type Io } from '../../src/cli/main.js';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += `${s}\n`; }, err: (s) => { err += `${s}\n`; } };
  const code = await main(argv, io);
  return { code, out, err };
}
