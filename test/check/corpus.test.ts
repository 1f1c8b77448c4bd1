/**
 * The checker on the corpus of published worked examples must not get worse than the committed
 * test/check/corpus/REPORT.md: no fewer slips found with the right cause, no more false errors,
 * no larger share of equations left unchecked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusIds, recordedTotals, scoreDocument, totals } from './corpus/score.js';

describe('the checker on the corpus', () => {
  const docs = corpusIds().map(scoreDocument);
  const now = totals(docs);
  const before = recordedTotals(readFileSync('test/check/corpus/REPORT.md', 'utf8'));

  it('has at least 13 documents and the committed report', () => {
    expect(docs.length).toBeGreaterThanOrEqual(13);
    expect(before).toBeDefined();
  });

  it('finds at least as many slips with the right cause as the report', () => {
    expect(now.slips).toBe(before!.slips);
    expect(now.rightCause).toBeGreaterThanOrEqual(before!.rightCause);
  });

  it('infers a model from the text exactly where expected.yaml says it can', () => {
    expect(docs.filter((d) => d.inference?.startsWith('wrongly')).map((d) => `${d.id}: ${d.inference}`)).toEqual([]);
  });

  it('raises no more false errors than the report', () => {
    expect(now.falseErrors).toBeLessThanOrEqual(before!.falseErrors);
  });

  it('leaves no larger share of equations unchecked than the report', () => {
    expect(now.notChecked / now.equations).toBeLessThanOrEqual(before!.notChecked / before!.equations + 1e-9);
  });
});
