import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { discoveryFixtures, emailPattern, jsonLdBlocks, jsonLdOfType, metaContent } from '../helpers/discovery.js';
import { assertHtmlPage, fixtureContent, startSite, type TestSite } from '../helpers/site.js';

describe('page metadata and structured data (issue 5)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite({ content: [fixtureContent, discoveryFixtures] });
  });
  after(() => site.close());

  async function page(path: string): Promise<string> {
    const response = await site.get(path);
    assertHtmlPage(response);
    return response.text();
  }

  it('types an op-ed as OpinionNewsArticle with every field search engines read', async () => {
    const html = await page('/opinion/full-piece');
    const article = jsonLdOfType(html, 'OpinionNewsArticle');
    assert.equal(article['@context'], 'https://schema.org');
    assert.equal(article.headline, 'The “full” piece – with every field');
    assert.equal(article.description, 'A standfirst that says what the piece argues.');
    assert.equal(article.url, 'http://broadsheet.test/opinion/full-piece');
    assert.equal(article.datePublished, '2026-10-01T08:00:00-04:00');
    assert.equal(article.dateModified, '2026-10-03T09:30:00-04:00');
    assert.deepEqual(article.author, [
      {
        '@type': 'Person',
        name: 'Ada Fixture',
        url: 'http://broadsheet.test/authors/ada-fixture',
        jobTitle: 'Test Columnist',
        affiliation: { '@type': 'Organization', name: 'Broadsheet' },
        sameAs: ['https://example.com/ada'],
      },
      { '@type': 'Person', name: 'Ben Sample', url: 'http://broadsheet.test/authors/ben-sample', jobTitle: 'Contributor' },
    ]);
    assert.equal(article.publisher['@type'], 'Organization');
    assert.equal(article.publisher.name, 'Broadsheet');
    assert.match(article.publisher.logo.url, /^http:\/\/broadsheet\.test\/img\/favicon\.[0-9a-f]{10}\.svg$/);
    assert.match(article.image[0].url, /^http:\/\/broadsheet\.test\/img\//);
    assert.equal(article.articleSection, 'Cities');
    assert.deepEqual(article.keywords, ['Public Transit', 'City Budgets']);
    assert.equal(typeof article.wordCount, 'number');
    assert.ok(article.wordCount > 20);
    assert.deepEqual(article.correction, [
      { '@type': 'CorrectionComment', text: 'An earlier version misstated the number of routes.', datePublished: '2026-10-02T10:00:00-04:00' },
      { '@type': 'CorrectionComment', text: 'An earlier version misspelled a street name.', datePublished: '2026-10-03T09:30:00-04:00' },
    ]);
    assert.equal(article.isBasedOn, undefined, 'our own piece is based on nothing');
    assert.doesNotMatch(html.match(/<head>[\s\S]*<\/head>/)![0], emailPattern);

    const crumbs = jsonLdOfType(html, 'BreadcrumbList');
    assert.deepEqual(
      crumbs.itemListElement.map((c: Record<string, unknown>) => [c.position, c.name, c.item]),
      [
        [1, 'Broadsheet', 'http://broadsheet.test/'],
        [2, 'The “full” piece – with every field', 'http://broadsheet.test/opinion/full-piece'],
      ],
    );
  });

  it('gives an article its title, Open Graph and Twitter card', async () => {
    const html = await page('/opinion/full-piece');
    assert.match(html, /<title>The “full” piece – with every field \| Opinion \| Broadsheet<\/title>/);
    assert.deepEqual(metaContent(html, 'og:type'), ['article']);
    assert.deepEqual(metaContent(html, 'og:url'), ['http://broadsheet.test/opinion/full-piece']);
    assert.deepEqual(metaContent(html, 'article:published_time'), ['2026-10-01T08:00:00-04:00']);
    assert.deepEqual(metaContent(html, 'article:modified_time'), ['2026-10-03T09:30:00-04:00']);
    assert.deepEqual(metaContent(html, 'article:author'), [
      'http://broadsheet.test/authors/ada-fixture',
      'http://broadsheet.test/authors/ben-sample',
    ]);
    assert.deepEqual(metaContent(html, 'article:section'), ['Cities']);
    assert.deepEqual(metaContent(html, 'article:tag'), ['Public Transit', 'City Budgets']);
    assert.deepEqual(metaContent(html, 'og:image:alt'), ['Rooftops drawn in simple shapes']);
    assert.deepEqual(metaContent(html, 'twitter:card'), ['summary_large_image']);
    const plain = await page('/opinion/filler-01');
    assert.deepEqual(metaContent(plain, 'twitter:card'), ['summary'], 'no image, small card');
    assert.deepEqual(metaContent(plain, 'og:image'), []);
  });

  it('labels editorials, columns and letters as opinion too, in the title and the type', async () => {
    for (const [slug, kicker] of [['budget-story', 'Editorial'], ['tram-lines', 'Column'], ['letter', 'Letter to the editor']] as const) {
      const html = await page(`/opinion/${slug}`);
      assert.match(html, new RegExp(`<title>[^<]* \\| ${kicker} \\| Broadsheet</title>`), slug);
      assert.equal(jsonLdOfType(html, 'OpinionNewsArticle').url, `http://broadsheet.test/opinion/${slug}`);
    }
  });

  it('escapes a markup-like headline so the JSON-LD block cannot be closed early', async () => {
    const html = await page('/opinion/letter');
    const scripts = html.match(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g) ?? [];
    assert.equal(scripts.length, 2);
    for (const script of scripts) {
      const inner = script.slice('<script type="application/ld+json">'.length, -'</script>'.length);
      assert.doesNotMatch(inner, /[<>]/, 'no raw angle bracket inside the block');
    }
    const article = jsonLdOfType(html, 'OpinionNewsArticle');
    assert.equal(article.headline, 'Tags like </script> & “quotes” ]]> belong in text');
    assert.equal(article.description, 'A reader writes in with <angle brackets> & ampersands.');
  });

  it('points a syndicated piece at its original and its canonical URL', async () => {
    const html = await page('/opinion/syndicated-excerpt');
    const article = jsonLdOfType(html, 'OpinionNewsArticle');
    assert.deepEqual(article.isBasedOn, {
      '@type': 'CreativeWork',
      url: 'https://example.com/gazette/argument',
      publisher: { '@type': 'Organization', name: 'The Fixture Gazette' },
      datePublished: '2026-10-01T12:00:00Z',
    });
    assert.equal(article.mainEntityOfPage['@id'], 'https://example.com/gazette/argument');
    assert.deepEqual(metaContent(html, 'og:url'), ['https://example.com/gazette/argument']);
  });

  it('describes the home page as a WebSite whose SearchAction works', async () => {
    const html = await page('/');
    const website = jsonLdOfType(html, 'WebSite');
    assert.equal(website.url, 'http://broadsheet.test/');
    assert.equal(website.potentialAction['@type'], 'SearchAction');
    const template: string = website.potentialAction.target.urlTemplate;
    assert.equal(template, 'http://broadsheet.test/search?q={search_term_string}');
    assert.equal(website.potentialAction['query-input'], 'required name=search_term_string');
    const search = await site.get(new URL(template.replace('{search_term_string}', 'tram')).pathname + '?q=tram');
    assertHtmlPage(search);
    assert.deepEqual(metaContent(html, 'og:type'), ['website']);
    assert.deepEqual(jsonLdBlocks(await page('/?page=2')).map((b) => b['@type']), ['WebSite']);
  });

  it('describes an author page as a ProfilePage about a Person', async () => {
    const html = await page('/authors/cora-quill');
    const profile = jsonLdOfType(html, 'ProfilePage');
    assert.equal(profile.url, 'http://broadsheet.test/authors/cora-quill');
    assert.deepEqual(profile.mainEntity, {
      '@type': 'Person',
      name: 'Cora Quill',
      url: 'http://broadsheet.test/authors/cora-quill',
      jobTitle: 'Transport Columnist',
      affiliation: { '@type': 'Organization', name: 'Broadsheet' },
      description: 'Cora writes about how cities move.',
    });
    assert.equal(jsonLdOfType(html, 'BreadcrumbList').itemListElement.length, 2);
    assert.deepEqual(metaContent(html, 'og:type'), ['profile']);
  });

  it('gives a tag page a breadcrumb and its own canonical card', async () => {
    const html = await page('/tags/trams');
    const crumbs = jsonLdOfType(html, 'BreadcrumbList');
    assert.equal(crumbs.itemListElement[1].item, 'http://broadsheet.test/tags/trams');
    assert.deepEqual(metaContent(html, 'og:url'), ['http://broadsheet.test/tags/trams']);
  });

  it('keeps search results out of search engines', async () => {
    const html = await page('/search?q=tram');
    assert.match(html, /<meta name="robots" content="noindex, follow">/);
    assert.deepEqual(jsonLdBlocks(html), []);
  });
});
