import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { loadConfig } from '../../../src/config.js';
import { importArticles } from '../../../src/publishing/import.js';
import { openDatabase } from '../../../src/db/open.js';
import { createVisitCounter } from '../../../src/visits/counter.js';
import { dayIn, daysBefore } from '../../../src/visits/day.js';
import { visitCounterView } from '../../../src/visits/request.js';
import { fixtureContent, migrationsDir, tempDir } from '../../helpers/site.js';

describe('visit days (issue 4)', () => {
  it('finds the calendar day in the site time zone', () => {
    const cases: [string, string, string][] = [
      ['UTC', '2026-11-28T23:59:59Z', '2026-11-28'],
      ['America/New_York', '2026-11-29T04:59:59Z', '2026-11-28'],
      ['America/New_York', '2026-11-29T05:00:00Z', '2026-11-29'],
      ['Asia/Tokyo', '2026-11-28T15:00:00Z', '2026-11-29'],
    ];
    for (const [zone, instant, day] of cases) assert.equal(dayIn(zone, Date.parse(instant)), day, `${zone} ${instant}`);
  });

  it('counts days back across months and years', () => {
    assert.equal(daysBefore('2026-03-01', 1), '2026-02-28');
    assert.equal(daysBefore('2027-01-03', 6), '2026-12-28');
  });

  it('words the counter with singular and plural forms', () => {
    assert.equal(visitCounterView({ views: 1, today: 1 }).text, 'Visited 1 time, 1 visit today');
    assert.equal(visitCounterView({ views: 2, today: 1 }).text, 'Visited 2 times, 1 visit today');
    assert.equal(visitCounterView({ views: 0, today: 0 }).text, 'Visited 0 times, 0 visits today');
    assert.equal(visitCounterView({ views: 12345, today: 2 }).text, 'Visited 12,345 times, 2 visits today');
    for (const n of [999, 1000, 100000, 1234567, 1000000000]) {
      assert.equal(visitCounterView({ views: n, today: n }).text, `Visited ${n.toLocaleString('en-GB')} times, ${n.toLocaleString('en-GB')} visits today`);
    }
  });
});

describe('visit counter (issue 4)', () => {
  let db: Database;
  let cleanup: () => void;
  let articleId: number;
  const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
  const reader = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 Firefox/128.0' };

  before(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    db = openDatabase(path.join(temp.dir, 'visits.db'), migrationsDir);
    importArticles(db, [fixtureContent]);
    articleId = (db.prepare(`SELECT id FROM articles WHERE slug = 'full-piece'`).get() as { id: number }).id;
  });
  after(() => {
    db.close();
    cleanup();
  });

  it('shows pending views at once, keeps them across a failed flush, and stores them on close', () => {
    const config = loadConfig({ VISIT_FLUSH_SECONDS: '3600' });
    const counter = createVisitCounter(db, config, () => clock.now);
    for (let i = 0; i < 5; i += 1) counter.record(articleId, reader);
    counter.record(articleId, { ...reader, ip: '198.51.100.7' });
    assert.deepEqual(counter.counts(articleId), { views: 6, today: 2 });

    // Another connection holding the write lock makes the flush fail (at once, with no busy wait); nothing is lost.
    const other = new BetterSqlite3(db.name);
    db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      assert.throws(() => counter.flush(), /locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      db.pragma('busy_timeout = 5000');
    }
    assert.deepEqual(counter.counts(articleId), { views: 6, today: 2 });
    counter.close();
    assert.deepEqual(db.prepare(`SELECT views, visitors FROM article_visits WHERE article_id = ?`).get(articleId), { views: 6, visitors: 2 });

    // A new counter (a restart) on the same day still knows this reader.
    const again = createVisitCounter(db, config, () => clock.now);
    again.record(articleId, reader);
    assert.deepEqual(again.counts(articleId), { views: 7, today: 2 });
    // However often they come back before the next flush (the lookup is remembered, not repeated).
    again.record(articleId, reader);
    again.record(articleId, reader);
    assert.deepEqual(again.counts(articleId), { views: 9, today: 2 });
    again.flush();
    assert.deepEqual(again.counts(articleId), { views: 9, today: 2 }, 'after our own flush, from the database');
    again.close();
  });

  it('agrees with a second process counting the same reader on the same day', () => {
    const config = loadConfig({ VISIT_FLUSH_SECONDS: '3600' });
    const first = createVisitCounter(db, config, () => clock.now);
    const second = createVisitCounter(db, config, () => clock.now);
    const stranger = { ip: '192.0.2.44', userAgent: 'Mozilla/5.0 Safari/605.1.15' };
    first.record(articleId, stranger);
    second.record(articleId, stranger);
    first.close();
    second.close();
    assert.deepEqual(db.prepare(`SELECT views, visitors FROM article_visits WHERE article_id = ?`).get(articleId), { views: 11, visitors: 3 });
  });

  it('writes every good tally when one is refused, drops and reports the refused one, then flushes clean (issue 17)', () => {
    const config = loadConfig({ VISIT_FLUSH_SECONDS: '3600' });
    const counter = createVisitCounter(db, config, () => clock.now);
    const other = (db.prepare(`SELECT id FROM articles WHERE slug = 'syndicated-excerpt'`).get() as { id: number }).id;
    const stored = (id: number) => (db.prepare(`SELECT coalesce(sum(views), 0) AS n FROM article_visits WHERE article_id = ?`).get(id) as { n: number }).n;
    const before = { refused: stored(articleId), other: stored(other) };
    // Ids no page context can give are not counted at all: they would be tallies no flush can write.
    for (const id of [Number.NaN, 0, -3, 1.5, Number.POSITIVE_INFINITY]) counter.record(id, reader);
    db.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON article_visits WHEN NEW.article_id = ${articleId} BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    try {
      for (let i = 0; i < 3; i += 1) counter.record(articleId, reader);
      for (let i = 0; i < 2; i += 1) counter.record(other, reader);
      assert.throws(() => counter.flush(), /refused and dropped, the other tallies written: 3 views of article \d+ \(refused for the test\)/);
      assert.equal(stored(other), before.other + 2, 'the good tally was written');
      assert.equal(stored(articleId), before.refused);
      assert.deepEqual(counter.counts(articleId).views, before.refused, 'the refused tally is not held in memory');
    } finally {
      db.exec('DROP TRIGGER refuse_one');
    }
    counter.flush();
    counter.record(articleId, reader);
    counter.close();
    assert.equal(stored(articleId), before.refused + 1);
  });

  it('throws from close when the last flush fails, saying how many views are lost (issue 17)', () => {
    const config = loadConfig({ VISIT_FLUSH_SECONDS: '3600' });
    const counter = createVisitCounter(db, config, () => clock.now);
    counter.record(articleId, reader);
    counter.record(articleId, reader);
    const other = new BetterSqlite3(db.name);
    db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      assert.throws(() => counter.close(), /visit counts not all written at close, 2 views still pending are lost: .*(locked|busy)/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      db.pragma('busy_timeout = 5000');
    }
  });

  it('knows a visitor by network, not by user agent: one IPv4 address, one IPv6 /64 (issue 17)', () => {
    const config = loadConfig({ VISIT_FLUSH_SECONDS: '3600' });
    const counter = createVisitCounter(db, config, () => clock.now);
    const fresh = (db.prepare(`SELECT id FROM articles WHERE slug = 'filler-03'`).get() as { id: number }).id;
    const visitors = [
      '192.0.2.200', '::ffff:192.0.2.200',
      '2001:db8:aa:1::1', '2001:db8:aa:1:ffff:ffff:ffff:ffff', '2001:0db8:00aa:0001::abcd%eth0',
      '2001:db8:aa:2::1',
      '192.0.2.201',
    ];
    for (const ip of visitors) counter.record(fresh, { ip });
    assert.deepEqual(counter.counts(fresh), { views: 7, today: 4 });
    counter.close();
  });
});
