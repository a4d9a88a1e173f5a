import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable, progressReporter, terminalSafe } from '../../../src/cli/output.js';

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
  it('shows C0, C1 and bidi controls as visible escapes, keeping tabs and line breaks (issue 17)', () => {
    const table: [string, string][] = [
      ['plain “text” – é', 'plain “text” – é'],
      ['tab\tand\nnewline', 'tab\tand\nnewline'],
      ['\u001b[2J\u0007\r\u0000\u007f', '\\u001B[2J\\u0007\\u000D\\u0000\\u007F'],
      ['\u009b31m\u0085\u009d', '\\u009B31m\\u0085\\u009D'],
      ['\u202eevil\u2066\u2069\u200e\u200f\u061c', '\\u202Eevil\\u2066\\u2069\\u200E\\u200F\\u061C'],
    ];
    for (const [input, shown] of table) assert.equal(terminalSafe(input), shown, JSON.stringify(input));
    // The escape is JSON's, so escaped JSON output decodes to the original text.
    assert.equal(JSON.parse(terminalSafe(JSON.stringify('a\u009bb\u202e'))), 'a\u009bb\u202e');
  });
});
