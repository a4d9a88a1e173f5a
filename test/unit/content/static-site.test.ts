import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convertStaticSitePage, hugoBundles } from '../../../src/content/static-site.js';
import { splitStaticPage } from '../../../src/content/static-front-matter.js';
import { fixturesDir } from '../../helpers/site.js';

const sites = path.join(fixturesDir, 'cli/static-sites');
const convert = (file: string, dialect: 'hugo' | 'jekyll' | 'eleventy', options = {}) =>
  convertStaticSitePage(fs.readFileSync(path.join(sites, file), 'utf8'), file, dialect, options);

describe('Hugo, Jekyll and Eleventy pages (issue 18)', () => {
  it('maps a Hugo page with TOML front matter, keeping the date as written and listing theme keys as ignored', () => {
    const { pieces, authors, warnings, problems } = convert('hugo/post/ferry-fares.md', 'hugo');
    assert.deepEqual(problems, []);
    assert.deepEqual(pieces[0]!.frontMatter, {
      title: 'Ferry fares are a tax on islands',
      slug: 'ferry-fares',
      type: 'op-ed',
      summary: 'Crossing the strait now costs more than the bus to the capital.',
      section: 'Transport',
      date: '2026-09-20T08:15:00+01:00',
      updated: '2026-09-21T00:00:00Z',
      authors: ['mara-quell'],
      tags: ['Islands', 'fares'],
      aliases: ['old-ferry-piece', 'ferry'],
    });
    assert.equal(pieces[0]!.body, 'The ferry left on time, which was the only good news.\n\nFares rose by a third.\n```sh\necho fares\n```\n\n`{{< inline-code-is-kept >}}`');
    assert.deepEqual(authors, [{ slug: 'mara-quell', name: 'Mara Quell', label: 'hugo/post/ferry-fares.md' }]);
    assert.ok(warnings.some((w) => w.message === 'Hugo keys with no Broadsheet field were ignored: weight, layout'));
    assert.ok(warnings.some((w) => w.field === 'body' && w.message.includes('{{< figure >}}')));
  });

  it('names a page bundle after its folder, reads several authors and a draft, in the site zone', () => {
    const { pieces } = convert('hugo/post/bundle/index.md', 'hugo', { timeZone: 'Europe/London' });
    assert.equal(pieces[0]!.frontMatter.slug, 'bundle');
    assert.deepEqual(pieces[0]!.frontMatter.authors, ['tobias-fenn', 'mara-quell']);
    assert.equal(pieces[0]!.frontMatter.draft, true);
    assert.equal(pieces[0]!.frontMatter.date, '2026-09-22T00:00:00+01:00');
  });

  it('skips the other Markdown files of a Hugo page bundle as its resources', () => {
    const bundles = hugoBundles(['hugo/post/ferry-fares.md', 'hugo/post/bundle/index.md', 'hugo/post/bundle/reply.md']);
    assert.deepEqual(bundles, new Set(['hugo/post/bundle']));
    const reply = convertStaticSitePage(fs.readFileSync(path.join(sites, 'hugo/post/bundle/reply.md'), 'utf8'), 'hugo/post/bundle/reply.md', 'hugo', {}, bundles);
    assert.deepEqual(reply.skipped, [{ file: 'hugo/post/bundle/reply.md', slug: 'reply', reason: 'is a resource of the Hugo page bundle hugo/post/bundle/, not a page of its own' }]);
    const index = convertStaticSitePage(fs.readFileSync(path.join(sites, 'hugo/post/bundle/index.md'), 'utf8'), 'hugo/post/bundle/index.md', 'hugo', {}, bundles);
    assert.equal(index.pieces.length, 1);
  });

  it('skips pages that are not posts, saying why', () => {
    assert.match(convert('hugo/_index.md', 'hugo').skipped[0]!.reason, /section or home page/);
    assert.match(convert('eleventy/blog/feed.md', 'eleventy').skipped[0]!.reason, /permalink: false/);
    assert.match(convert('jekyll/README.md', 'jekyll').skipped[0]!.reason, /has no front matter/);
    assert.match(convertStaticSitePage('---\ndate: 2026-10-01\nlayout: archives\n---\n', 'archives.md', 'hugo', {}).skipped[0]!.reason, /has no text of its own/);
  });

  it('maps a Jekyll post: space-separated categories and tags, excerpt, redirect_from, Liquid removed outside code', () => {
    const { pieces, warnings } = convert('jekyll/_posts/2026-10-04-the-harbour-wall.md', 'jekyll');
    assert.deepEqual(pieces[0]!.frontMatter, {
      title: 'The harbour wall',
      slug: 'the-harbour-wall',
      type: 'op-ed',
      summary: 'The wall is older than the town.',
      section: 'opinion',
      date: '2026-10-04T12:00:00+02:00',
      authors: ['tobias-fenn'],
      tags: ['harbours', 'sea', 'walls'],
      aliases: ['harbour'],
    });
    assert.equal(pieces[0]!.body, 'The wall was built before anyone now living. \n\n```ruby\nputs "{{ site.title }}"\n```\n\nShown on .');
    assert.ok(warnings.some((w) => w.message.endsWith('{% include %}, {{ … }}')));
  });

  it('takes a Jekyll date and title from the file name, and published: false or _drafts as a draft', () => {
    const untitled = convert('jekyll/_posts/2026-10-05-untitled.md', 'jekyll', { timeZone: 'America/New_York' }).pieces[0]!;
    assert.equal(untitled.frontMatter.title, 'Untitled');
    assert.equal(untitled.frontMatter.date, '2026-10-05T00:00:00-04:00');
    assert.equal(untitled.frontMatter.draft, true);
    assert.equal(convert('jekyll/_drafts/tide-tables.md', 'jekyll').pieces[0]!.frontMatter.draft, true);
  });

  it('reads simple Eleventy JavaScript front matter without running it, and refuses the rest by name', () => {
    const { pieces } = convert('eleventy/blog/first-light.md', 'eleventy', { authors: ['desk'] });
    assert.deepEqual(pieces[0]!.frontMatter, { title: 'First light', slug: 'first-light', type: 'op-ed', date: '2026-10-07T00:00:00Z', authors: ['desk'], tags: ['posts', 'mornings'] });
    const about = convert('eleventy/about.md', 'eleventy');
    assert.deepEqual(about.problems.map((p) => `${p.file}: ${p.field}`), ['eleventy/about.md: front matter']);
    assert.match(about.problems[0]!.message, /JavaScript front matter is not run on import/);
  });

  it('takes a Hugo date from publishDate and the author from params, as newer Hugo writes them', () => {
    const text = '---\ntitle: T\npublishDate: 2026-10-08T09:00:00Z\nparams:\n  author: Ida Reyes\n---\nBody.\n';
    const { pieces } = convertStaticSitePage(text, 'post/t.md', 'hugo', {});
    assert.equal(pieces[0]!.frontMatter.date, '2026-10-08T09:00:00Z');
    assert.deepEqual(pieces[0]!.frontMatter.authors, ['ida-reyes']);
  });

  it('refuses an unreadable date or a page with no author, naming the field', () => {
    const text = '---\ntitle: T\ndate: next tuesday\n---\nBody.\n';
    assert.deepEqual(convertStaticSitePage(text, 'a.md', 'hugo', {}).problems.map((p) => p.field), ['date', 'author']);
  });

  it('splits empty, dot-closed and JSON front matter', () => {
    assert.deepEqual(splitStaticPage('---\n---\nBody'), { data: {}, body: 'Body', language: 'YAML' });
    assert.deepEqual(splitStaticPage('---\ntitle: T\n...\n\nBody'), { data: { title: 'T' }, body: '\nBody', language: 'YAML' });
    assert.deepEqual(splitStaticPage('{\n  "title": "T"\n}\nBody'), { data: { title: 'T' }, body: 'Body', language: 'JSON' });
    assert.match(splitStaticPage('+++\ntitle = \n+++\n').error!, /^invalid TOML/);
  });
});
