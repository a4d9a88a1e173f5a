import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { maxQueryLength, parseSearchQuery } from '../../src/search/query.js';
import { markedParts } from '../../src/view-models/search.js';

describe('parseSearchQuery (issue 5)', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['one word', 'tram', '"tram"'],
    ['every word must match', 'tram  budget', '"tram" "budget"'],
    ['a quoted phrase stays a phrase', 'say "municipal pigeon census" now', '"say" "municipal pigeon census" "now"'],
    ['an unbalanced quote is a space', '"tram budget', '"tram" "budget"'],
    ['a trailing star asks for a prefix', 'budg*', '"budg"*'],
    ['a star alone is nothing', '*', undefined],
    ['OR between terms', 'tram OR bus', '"tram" OR "bus"'],
    ['OR at the edges is dropped', 'OR tram OR', '"tram"'],
    ['doubled OR counts once', 'tram OR OR bus', '"tram" OR "bus"'],
    ['lower-case or is a word', 'tram or bus', '"tram" "or" "bus"'],
    ['AND and NOT are words', 'AND NOT', '"AND" "NOT"'],
    ['NEAR and brackets are text', 'NEAR(a b)', '"NEAR(a" "b)"'],
    ['column filters are text', 'title:tram', '"title:tram"'],
    ['quotes inside words are doubled', 'it"s', '"it" "s"'],
    ['punctuation only is nothing', '(( )) -- ^', undefined],
    ['emoji only is nothing', '🙂', undefined],
    ['controls become spaces', 'tram\u0000bus', '"tram" "bus"'],
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
    assert.equal(long.match!.split(' ').length, 12, 'at most 12 terms');
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
