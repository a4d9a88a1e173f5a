import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { discoveryFixtures } from '../helpers/discovery.js';
import { assertHtmlPage, fixtureContent, startSite, type TestSite } from '../helpers/site.js';

/** The result links of a search page, in rank order, as slugs. */
function resultSlugs(html: string): string[] {
  return [...html.matchAll(/<h3 class="search-result__title"><a href="\/opinion\/([^"]+)">/g)].map((m) => m[1]!);
}

describe('site search (issue 5)', () => {
  let site: TestSite;
  before(async () => {
    // Many searches from one address: this file tests what search finds, not how often it may be asked.
    site = await startSite({ content: [fixtureContent, discoveryFixtures], env: { SEARCH_RATE_LIMIT: '10000' } });
  });
  after(() => site.close());

  // A query that is not in its canonical spelling is redirected there once; follow that, as a browser would.
  async function search(query: string, extra = ''): Promise<string> {
    let response = await site.get(`/search?q=${encodeURIComponent(query)}${extra}`);
    if (response.status === 302) response = await site.get(response.headers.get('location')!);
    assertHtmlPage(response);
    return response.text();
  }

  it('finds a piece by a phrase from the middle of its body, with the phrase highlighted', async () => {
    const html = await search('"municipal pigeon census"');
    assert.deepEqual(resultSlugs(html), ['tram-lines']);
    assert.match(html, /1 result for “&#34;municipal pigeon census&#34;”/);
    assert.match(html, /about the <mark>municipal pigeon census<\/mark> that nobody expected/);
    assert.deepEqual(resultSlugs(await search('"census pigeon municipal"')), [], 'a phrase keeps its word order');
  });

  it('ranks a title match above a piece that repeats the word all through its body', async () => {
    const html = await search('tram');
    const slugs = resultSlugs(html);
    assert.equal(slugs[0], 'tram-lines', 'the headline "Why the tram lines matter" comes first');
    assert.ok(slugs.includes('budget-story'), 'the body-only match is still found');
    assert.match(html, /<a href="\/opinion\/tram-lines">Why the <mark>tram<\/mark> lines matter<\/a>/);
    assert.match(html, /the <mark>tram<\/mark> twice/);
  });

  it('searches authors, tags and standfirsts as well as bodies', async () => {
    assert.deepEqual(resultSlugs(await search('Quill')).sort(), ['budget-story', 'fresh-piece', 'tram-lines']);
    assert.deepEqual(resultSlugs(await search('trams')).sort(), ['fresh-piece', 'tram-lines']);
    assert.deepEqual(resultSlugs(await search('standfirst')), ['full-piece']);
    assert.deepEqual(resultSlugs(await search('budg*')).sort(), ['budget-story', 'full-piece'], 'prefix search');
    assert.deepEqual(resultSlugs(await search('pigeon OR standfirst')).sort(), ['full-piece', 'tram-lines']);
  });

  it('ignores case and accents', async () => {
    assert.deepEqual(resultSlugs(await search('PÍGEON')), ['tram-lines']);
  });

  it('never finds drafts, scheduled pieces or the hidden end of an excerpt', async () => {
    for (const query of ['zanzibarquux', 'scheduled', 'SECRET-ENDING', 'draft nobody']) {
      const html = await search(query);
      assert.deepEqual(resultSlugs(html), [], query);
      assert.match(html, /Nothing matched/);
    }
  });

  it('answers hostile or odd input with results or a friendly message, never an error', async () => {
    const queries = [
      '"', '""', '"unbalanced phrase', 'tram"', '(', ')', '((tram', 'AND', 'OR', 'NOT', 'tram OR', 'OR tram', 'tram AND OR NOT',
      'NEAR(tram budget, 2)', 'title:tram', '{title}: tram', '^tram', '*', 'tram*', '**', '-tram', '+tram', "'; DROP TABLE articles; --",
      '\u0000tram', '🙂', 'tram 🙂', '<script>alert(1)</script>', '%', '\\', 'a'.repeat(1500), 'tram '.repeat(100), '\u202etram',
    ];
    for (const query of queries) {
      let response = await site.get(`/search?q=${encodeURIComponent(query)}`);
      if (response.status === 302) response = await site.get(response.headers.get('location')!);
      assertHtmlPage(response);
      const html = await response.text();
      assert.ok(/class="search-result"/.test(html) || /class="search-message"/.test(html), `results or a message for ${JSON.stringify(query.slice(0, 40))}`);
      assert.doesNotMatch(html, /<script>alert/);
    }
    assert.match(await search('tram '.repeat(100)), /Your search was long, so we used its first part only\./);
    assert.match(await search('tram'.repeat(100)), /Your search was long/);
  });

  it('asks for a search term when the query is empty or missing', async () => {
    for (const path of ['/search', '/search?q=', '/search?q=%20%20', '/search?q[a]=b']) {
      const response = await site.get(path);
      assertHtmlPage(response);
      assert.match(await response.text(), /Type a word or a phrase to search/, path);
    }
    const repeated = await site.get('/search?q=pigeon&q=tram');
    assertHtmlPage(repeated);
    assert.deepEqual(resultSlugs(await repeated.text()), ['tram-lines'], 'the first q is used');
  });

  it('paginates results, keeping the query in the links', async () => {
    const page1 = await search('filler');
    assert.equal(resultSlugs(page1).length, 12);
    assert.match(page1, /13 results for “filler”/);
    assert.match(page1, /<a class="pagination__link" rel="next" href="\/search\?q=filler&amp;page=2">/);
    const page2 = await search('filler', '&page=2');
    assert.equal(resultSlugs(page2).length, 1);
    assert.match(page2, /<ol class="search-results" start="13">/);
    assert.match(page2, /rel="prev" href="\/search\?q=filler"/);
    assertHtmlPage(await site.get('/search?q=filler&page=3'), 404);
    assertHtmlPage(await site.get('/search?q=filler&page=abc'), 400);
  });

  it('has a labelled search box in the header of every page', async () => {
    const html = await (await site.get('/opinion/full-piece')).text();
    assert.match(html, /<form class="site-search" role="search" action="\/search" method="get" aria-label="Site">/);
    assert.match(html, /<label class="site-search__label" for="site-search-q">Search<\/label>/);
    assert.match(html, /<input class="site-search__input" type="search" id="site-search-q" name="q"/);
    const results = await search('tram');
    assert.match(results, /<label class="search-form__label" for="search-q">Search for<\/label>/);
    assert.match(results, /id="search-q" name="q" value="tram"/);
  });
});
