import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { maxQueryLength, maxQueryTerms, minPrefixLength, parseSearchQuery } from '../../../src/search/query.js';
import { markedParts } from '../../../src/view-models/search.js';

describe('parseSearchQuery (issue 5)', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['one word', 'tram', '"tram"'],
    ['every word must match', 'tram  budget', '"budget" AND "tram"'],
    ['a quoted phrase stays a phrase', 'say "municipal pigeon census" now', '"municipal pigeon census" AND "now" AND "say"'],
    ['an unbalanced quote is a space', '"tram budget', '"budget" AND "tram"'],
    ['a trailing star asks for a prefix', 'budg*', '"budg"*'],
    ['a star alone is nothing', '*', undefined],
    ['OR between terms', 'tram OR bus', '"bus" OR "tram"'],
    ['OR at the edges is dropped', 'OR tram OR', '"tram"'],
    ['doubled OR counts once', 'tram OR OR bus', '"bus" OR "tram"'],
    ['lower-case or is a word', 'tram or bus', '"bus" AND "or" AND "tram"'],
    ['AND and NOT are words', 'AND NOT', '"and" AND "not"'],
    ['NEAR and brackets are text', 'NEAR(a b)', '"b)" AND "near(a"'],
    ['column filters are text', 'title:tram', '"title:tram"'],
    ['quotes inside words are doubled', 'it"s', '"it" AND "s"'],
    ['punctuation only is nothing', '(( )) -- ^', undefined],
    ['emoji only is nothing', '🙂', undefined],
    ['controls become spaces', 'tram\u0000bus', '"bus" AND "tram"'],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
    ['an object is ignored', { a: 'b' }, undefined],
    ['the first of a repeated parameter', ['tram', 'bus'], '"tram"'],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name}: ${JSON.stringify(input)}`, () => {
      assert.equal(parseSearchQuery(input).match, expected);
    });
  }

  it('cuts long input and says so', () => {
    const long = parseSearchQuery('word '.repeat(200));
    assert.equal(long.truncated, true);
    assert.ok(long.text.length <= maxQueryLength);
    assert.equal(long.groups.length, 1, 'repeats count once');
    const many = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `word${i}`).join(' '));
    assert.equal(many.groups.length, maxQueryTerms, `at most ${maxQueryTerms} terms`);
    assert.equal(many.truncated, true);
    assert.equal(parseSearchQuery('tram').truncated, false);
  });

  it('always produces an expression FTS5 accepts', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(a); INSERT INTO t (a) VALUES ('tram budget')`);
    const inputs = ['"', '""', '"a" OR', 'OR', '*a', 'a**', '(', 'NEAR(', ':', '{a}:', '^', '-a', '+', "'", '\\', 'a"b"c', '"*"', 'AND OR NOT', 'ab*cd*'];
    for (const input of inputs) {
      const { match } = parseSearchQuery(input);
      if (match) assert.doesNotThrow(() => db.prepare('SELECT * FROM t WHERE t MATCH ?').all(match), input);
    }
    db.close();
  });
});

describe('parseSearchQuery bounds and canonical spelling (issue 17)', () => {
  it('spells the same search one way, whatever the order, case or repeats', () => {
    const spellings = ['tram budget', 'budget tram', 'TRAM Budget', 'tram budget tram', '  budget   TRAM '];
    assert.deepEqual(new Set(spellings.map((q) => parseSearchQuery(q).text)), new Set(['budget tram']));
    assert.equal(parseSearchQuery('bus OR tram council').text, parseSearchQuery('council TRAM OR bus').text);
    assert.equal(parseSearchQuery('"pigeon census" tram').text, '"pigeon census" tram', 'a phrase keeps its word order');
    assert.notEqual(parseSearchQuery('"census pigeon"').text, parseSearchQuery('"pigeon census"').text);
  });

  it('has a canonical text that is its own canonical text, with the same expression', () => {
    const inputs = ['b* a', 'tram OR bus OR tram', '"x y" OR z w', 'Ünïcode straße', 'a"b"c d', 'x OR', 'NEAR(a b)', 'harb* OR port*'];
    for (const input of inputs) {
      const once = parseSearchQuery(input);
      const twice = parseSearchQuery(once.text);
      assert.equal(twice.text, once.text, input);
      assert.equal(twice.match, once.match, input);
    }
  });

  it(`searches a * after fewer than ${minPrefixLength} letters as the whole word, and says so`, () => {
    const q = parseSearchQuery('a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l*');
    assert.doesNotMatch(q.match!, /\*/, 'no prefix is left');
    assert.equal(q.groups.flat().length, maxQueryTerms);
    assert.match(q.notes.join(' '), /can only follow a word of 3 letters or more/);
    assert.equal(parseSearchQuery('tra*').match, '"tra"*');
    assert.deepEqual(parseSearchQuery('tra*').notes, []);
  });
});

describe('markedParts (issue 5)', () => {
  it('splits marked text into plain and matched runs', () => {
    assert.deepEqual(markedParts('a \u0002tram\u0003 b <i>'), [
      { text: 'a ', match: false },
      { text: 'tram', match: true },
      { text: ' b <i>', match: false },
    ]);
    assert.deepEqual(markedParts(''), []);
  });
});
