import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLocalDate } from '../../../src/content/dates.js';

describe('parseLocalDate: dates as other systems write them (issue 18)', () => {
  it('reads a date alone as midnight in the site zone, with that day\'s offset', () => {
    assert.equal(parseLocalDate('2026-10-04', 'Europe/Berlin')?.iso, '2026-10-04T00:00:00+02:00');
    assert.equal(parseLocalDate('2026-01-04', 'Europe/Berlin')?.iso, '2026-01-04T00:00:00+01:00');
    assert.equal(parseLocalDate('2026-10-04', 'Asia/Kolkata')?.iso, '2026-10-04T00:00:00+05:30');
  });

  it('reads a wall-clock time (WordPress post_date) in the site zone', () => {
    const date = parseLocalDate('2026-10-04 12:00:00', 'America/New_York');
    assert.equal(date?.iso, '2026-10-04T12:00:00-04:00');
    assert.equal(date?.ts, Date.parse('2026-10-04T16:00:00Z'));
    assert.equal(parseLocalDate('2026-01-15 08:30', 'Europe/London')?.iso, '2026-01-15T08:30:00Z');
  });

  it('keeps an offset the source wrote, in the Jekyll and Hugo spelling or ISO 8601', () => {
    assert.equal(parseLocalDate('2026-10-04 12:00:00 +0200', 'America/New_York')?.iso, '2026-10-04T12:00:00+02:00');
    assert.equal(parseLocalDate('2026-10-04 12:00 -0530', 'UTC')?.iso, '2026-10-04T12:00:00-05:30');
    assert.equal(parseLocalDate('2026-10-14T07:30:00-04:00', 'Europe/Berlin')?.iso, '2026-10-14T07:30:00-04:00');
  });

  it('gives an hour a clock change skips one of the offsets around it', () => {
    const iso = parseLocalDate('2026-03-29 02:30:00', 'Europe/Berlin')?.iso;
    assert.ok(iso === '2026-03-29T02:30:00+01:00' || iso === '2026-03-29T02:30:00+02:00', iso);
  });

  it('refuses what cannot be read: impossible dates, other shapes, unknown zones', () => {
    for (const value of ['2026-02-30', '2026-13-01', '04/10/2026', 'yesterday', '', '2026-10-04 25:00:00', 20261004]) {
      assert.equal(parseLocalDate(value, 'UTC'), undefined, String(value));
    }
    assert.equal(parseLocalDate('2026-10-04', 'Nowhere/Atlantis'), undefined);
  });
});
