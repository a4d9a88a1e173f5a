import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageWork, type ImageWork } from '../../../bench/images.js';

// The bench's issue 19 figures and its no-image-work rule read the import's output; these are the lines the CLI
// prints (test/cli/import-images.test.ts), so a change of wording shows here, not as a silently wrong report.
const cases: { name: string; stdout: string; printed: boolean; want: Omit<ImageWork, 'line'> }[] = [
  {
    name: 'a first import counts what it processed and reused',
    stdout: 'Imported: 3 created, 0 updated, 0 unchanged, 0 skipped.\nImages: 0 fetched, 1 processed, 2 reused, 0 refused; 0 share cards drawn.\n',
    printed: true,
    want: { fetched: 0, processed: 1, reused: 2, refused: 0, cards: 0 },
  },
  {
    name: 'one share card is counted in the singular',
    stdout: 'Images: 2 fetched, 0 processed, 0 reused, 1 refused; 1 share card drawn.\n',
    printed: true,
    want: { fetched: 2, processed: 0, reused: 0, refused: 1, cards: 1 },
  },
  {
    name: 'an unchanged re-import prints no Images line and counts nothing',
    stdout: 'Imported: 0 created, 0 updated, 3 unchanged, 0 skipped.\n',
    printed: false,
    want: { fetched: 0, processed: 0, reused: 0, refused: 0, cards: 0 },
  },
];

for (const c of cases) {
  test(`imageWork: ${c.name} (issue 19)`, () => {
    const { line, ...counts } = imageWork(c.stdout);
    assert.equal(line !== '', c.printed);
    assert.deepEqual(counts, c.want);
  });
}
