/**
 * `npm run check:corpus`: check every corpus document and write test/check/corpus/REPORT.md
 * (see score.ts for what is counted).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, corpusIds, reportMarkdown, scoreDocument, totals } from './score.js';

const docs = corpusIds().map(scoreDocument);
writeFileSync(join(CORPUS, 'REPORT.md'), reportMarkdown(docs));
const t = totals(docs);
console.log(`${t.rightCause}/${t.slips} slips with the right cause, ${t.falseErrors} false errors, ${t.notChecked}/${t.equations} equations not checked`);
