import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { discoveryFixtures } from '../helpers/discovery.js';
import { assertHtmlPage, fixtureContent, startSite, type TestSite } from '../helpers/site.js';

describe('corrections page and onward links (issue 5)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ content: [fixtureContent, discoveryFixtures] });
  });
  after(() => site.close());

  it('lists every correction to a public piece, newest first, linking to the piece', async () => {
    const response = await site.get('/corrections');
    assertHtmlPage(response);
    const html = await response.text();
    assert.match(html, /<title>Corrections \| Broadsheet<\/title>/);
    assert.match(html, /<link rel="canonical" href="http:\/\/broadsheet\.test\/corrections">/);
    const entries = [...html.matchAll(/<time datetime="([^"]+)">[^<]*<\/time>: ([^<]+)<\/p>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(entries, [
      ['2026-11-22T10:15:00Z', 'An earlier version gave the wrong length for the eastern line.'],
      ['2026-10-03T09:30:00-04:00', 'An earlier version misspelled a street name.'],
      ['2026-10-02T10:00:00-04:00', 'An earlier version misstated the number of routes.'],
    ]);
    assert.match(html, /<a href="\/opinion\/tram-lines#corrections">Why the tram lines matter<\/a>/);
    assertHtmlPage(await site.get('/corrections?page=2'), 404);
    assertHtmlPage(await site.get('/corrections?page=x'), 400);
  });

  it('links an article to the pieces before and after it, skipping drafts and scheduled pieces', async () => {
    const html = await (await site.get('/opinion/fresh-piece')).text();
    assert.match(html, /<a class="related__link related__link--older" rel="prev" href="\/opinion\/letter">/);
    assert.match(html, /<a class="related__link related__link--newer" rel="next" href="\/opinion\/fresh-syndicated">/);
    const newest = await (await site.get('/opinion/fresh-syndicated')).text();
    assert.doesNotMatch(newest, /related__link--newer/, 'the 2030 piece is not public yet');
    const oldest = await (await site.get('/opinion/filler-01')).text();
    assert.doesNotMatch(oldest, /related__link--older/);
    assert.match(oldest, /rel="next" href="\/opinion\/filler-02"/);
  });

  it('lists more from the first author, without the piece being read', async () => {
    const html = await (await site.get('/opinion/tram-lines')).text();
    assert.match(html, /More from <a href="\/authors\/cora-quill">Cora Quill<\/a>/);
    const more = html.slice(html.indexOf('related__more'), html.indexOf('</section>', html.indexOf('related__more')));
    assert.deepEqual([...more.matchAll(/href="\/opinion\/([^"]+)"/g)].map((m) => m[1]), ['fresh-piece', 'budget-story']);
    const alone = await (await site.get('/opinion/syndicated-excerpt')).text();
    assert.match(alone, /More from <a href="\/authors\/ben-sample">Ben Sample<\/a>/);
    assert.doesNotMatch(alone, /href="\/opinion\/syndicated-excerpt">/, 'never links to itself');
  });
});
