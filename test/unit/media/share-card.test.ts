import assert from 'node:assert/strict';
import test from 'node:test';
import sharp from 'sharp';
import { renderShareCard, shareCardSvg, wrapWords } from '../../../src/media/share-card.js';

test('wrapWords breaks a headline into lines and ends a long one with an ellipsis (issue 19)', () => {
  const cases: [string, number, number, string[]][] = [
    ['Short', 30, 4, ['Short']],
    ['The city rooftops could feed it', 12, 4, ['The city', 'rooftops', 'could feed', 'it']],
    ['one two three four five six', 7, 2, ['one two', 'three…']],
    ['Ends with, a comma and more words', 10, 1, ['Ends with…']],
  ];
  for (const [text, perLine, maxLines, expected] of cases) assert.deepEqual(wrapWords(text, perLine, maxLines), expected, text);
});

test('a drawn share card escapes its text and comes out a 1200x630 JPEG (issue 19)', async () => {
  const svg = shareCardSvg({ kicker: 'Op-Ed', headline: '<script>alert(1)</script> & "quotes"', byline: 'By Ada', siteName: 'Broadsheet' });
  assert.ok(!svg.includes('<script>'));
  assert.match(svg, /&#60;script&#62;alert\(1\)&#60;\/script&#62; &#38;/);
  assert.match(svg, /&#34;quotes&#34;/);
  const card = await renderShareCard(svg);
  const meta = await sharp(card.variants[0]!.bytes).metadata();
  assert.deepEqual([meta.width, meta.height, meta.format, meta.exif], [1200, 630, 'jpeg', undefined]);
});
