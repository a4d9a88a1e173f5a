import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slugFromPostName, slugify } from '../../../src/content/slug.js';

describe('slugify', () => {
  it('keeps the slug ASCII and accented Latin text always had', () => {
    const table: [string, string][] = [
      ['Public Transit & Buses', 'public-transit-and-buses'],
      ['The Bus Stops Here', 'the-bus-stops-here'],
      ['It’s the council’s fault', 'its-the-councils-fault'],
      ['  --Budget 2027!--  ', 'budget-2027'],
      ['Café in Zürich', 'cafe-in-zurich'],
      ['½ price', '1-2-price'],
    ];
    for (const [text, slug] of table) assert.equal(slugify(text), slug, text);
  });

  it('gives text in any script a readable slug instead of none (issue 18)', () => {
    const table: [string, string][] = [
      ['Новости', 'novosti'],
      ['Ελλάδα', 'ellada'],
      ['远征手记', 'yuan-zheng-shou-ji'],
      ['schließt', 'schliesst'],
      ['한국어', 'hangugeo'],
      ['ダンス', 'dansu'],
    ];
    for (const [text, slug] of table) assert.equal(slugify(text), slug, text);
  });

  it('stays empty for text with no letter or digit in any script', () => {
    assert.equal(slugify('🎉 — !'), '');
  });
});

describe('slugFromPostName', () => {
  it('decodes the percent-encoded slugs WordPress stores and leaves every other name as it is (issue 18)', () => {
    const table: [string, string][] = [
      ['%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2', 'epipedo-2'],
      ['%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8', 'novosti'],
      ['already-a-slug-2', 'already-a-slug-2'],
      ['thought-better-of__trashed', 'thought-better-of__trashed'],
      ['%e2%82', '%e2%82'],
      ['', ''],
    ];
    for (const [postName, slug] of table) assert.equal(slugFromPostName(postName), slug, postName);
  });
});
