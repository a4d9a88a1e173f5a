import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeedDate, parseRfc822Date, parseWordPressGmt } from '../../../src/content/feed-dates.js';

describe('feed dates', () => {
  it('reads RFC 822 dates with their zone and refuses those without one', () => {
    const table: [string, string | undefined][] = [
      ['Tue, 06 Oct 2026 08:00:00 +0100', '2026-10-06T08:00:00+01:00'],
      ['Mon, 05 Oct 2026 18:30:00 GMT', '2026-10-05T18:30:00Z'],
      ['5 Oct 2026 18:30 EDT', '2026-10-05T18:30:00-04:00'],
      ['05 Oct 26 18:30:00 UT', '2026-10-05T18:30:00Z'],
      ['Mon, 05 Oct 2026 18:30:00', undefined],
      ['Mon, 05 Oct 2026 18:30:00 A', undefined],
      ['Wed, 30 Nov -0001 00:00:00 +0000', undefined],
      ['31 Feb 2026 10:00:00 +0000', undefined],
      ['yesterday', undefined],
    ];
    for (const [input, expected] of table) assert.equal(parseRfc822Date(input)?.iso, expected, input);
  });

  it('reads Atom dates (with long fractions) and RSS dates through one function', () => {
    assert.equal(parseFeedDate('2026-10-07T06:15:00.123456+01:00')?.iso, '2026-10-07T06:15:00.123+01:00');
    assert.equal(parseFeedDate('Tue, 06 Oct 2026 08:00:00 +0100')?.iso, '2026-10-06T08:00:00+01:00');
    assert.equal(parseFeedDate('2026-10-07T06:15:00'), undefined);
  });

  it('reads WordPress GMT dates and treats all zeros as no date', () => {
    assert.equal(parseWordPressGmt('2026-09-15 07:00:00')?.iso, '2026-09-15T07:00:00Z');
    assert.equal(parseWordPressGmt('0000-00-00 00:00:00'), undefined);
    assert.equal(parseWordPressGmt(''), undefined);
  });
});
