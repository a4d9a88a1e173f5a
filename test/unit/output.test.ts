import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable, progressReporter } from '../../src/cli/output.js';

describe('CLI output', () => {
  it('shows progress on a terminal, rewriting one line at most ten times a second, and clears it', () => {
    const written: string[] = [];
    let clock = 1_000;
    const progress = progressReporter({ interactive: true, writeProgress: (t) => written.push(t) }, 'Reading', () => clock);
    progress(1, 3000);
    clock += 50;
    progress(2, 3000);
    clock += 100;
    progress(3, 3000);
    progress(3000, 3000);
    assert.deepEqual(written, ['\rReading 1/3000', '\rReading 3/3000', '\r\x1b[K']);
  });

  it('stays silent when output is not a terminal', () => {
    const written: string[] = [];
    const progress = progressReporter({ interactive: false, writeProgress: (t) => written.push(t) }, 'Reading');
    for (let i = 1; i <= 5000; i += 1) progress(i, 5000);
    assert.deepEqual(written, []);
  });

  it('lays out tables in columns', () => {
    assert.deepEqual(formatTable(['A', 'LONGER', 'C'], [['xx', 'y', 'last column ragged'], ['x', 'yyyyyyyy', '']]), [
      'A   LONGER    C',
      'xx  y         last column ragged',
      'x   yyyyyyyy',
    ]);
  });
});
