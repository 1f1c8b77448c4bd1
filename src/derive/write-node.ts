/**
 * Writing a document's files (Node only): all of them or none (src/output-node.ts stages them in
 * a temporary folder beside the target and renames them into place), so a failure — no
 * permission, disk full, a folder where a file should go — leaves nothing new behind and is
 * reported as a SymgradError naming the path.
 */
import { writeAll } from '../output-node.js';

export function writeFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  return writeAll(dir, files);
}
