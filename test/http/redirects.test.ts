import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { findArticleBySlug } from '../../src/db/articles.js';
import { listOldSlugs } from '../../src/db/old-slugs.js';
import { discoveryFixtures } from '../helpers/discovery.js';
import { assertHtmlPage, fixtureContent, startSite, tempDir, type TestSite } from '../helpers/site.js';

describe('redirects from aliases and old slugs (issue 5)', () => {
  let site: TestSite;
  let copy: { dir: string; cleanup: () => void };
  let content: string[];
  const file = () => path.join(copy.dir, 'discovery', 'articles', '2026-11-20-tram-lines.md');
  const setSlug = (slug: string) => {
    const text = fs.readFileSync(file(), 'utf8').replace(/^slug: .*\n/m, '');
    fs.writeFileSync(file(), text.replace('---\n', `---\nslug: ${slug}\n`));
  };

  before(async () => {
    copy = tempDir();
    fs.cpSync(fixtureContent, path.join(copy.dir, 'content'), { recursive: true });
    fs.cpSync(discoveryFixtures, path.join(copy.dir, 'discovery'), { recursive: true });
    content = [path.join(copy.dir, 'content'), path.join(copy.dir, 'discovery')];
    site = await startSite({ content });
  });
  after(async () => {
    await site.close();
    copy.cleanup();
  });

  it('answers an alias from front matter with a 301 to the current URL', async () => {
    const response = await site.get('/opinion/old-full-piece');
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/opinion/full-piece');
  });

  it('keeps the same article, and a 301 from its old address, when its slug changes', async () => {
    const before = findArticleBySlug(site.db, 'tram-lines')!;
    setSlug('tram-lines-revisited');
    const result = importArticles(site.db, content);
    assert.deepEqual(result.updated, ['tram-lines-revisited']);
    assert.deepEqual(result.created, [], 'no twin is created');
    const after = findArticleBySlug(site.db, 'tram-lines-revisited')!;
    assert.equal(after.id, before.id, 'the row, and anything that refers to it, is kept');
    assert.equal(findArticleBySlug(site.db, 'tram-lines'), undefined);

    const response = await site.get('/opinion/tram-lines');
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/opinion/tram-lines-revisited');
    assertHtmlPage(await site.get('/opinion/tram-lines-revisited'));
  });

  it('sends every earlier slug straight to the newest one', async () => {
    setSlug('tram-lines-third');
    importArticles(site.db, content);
    assert.deepEqual(listOldSlugs(site.db, findArticleBySlug(site.db, 'tram-lines-third')!.id), ['tram-lines', 'tram-lines-revisited']);
    for (const old of ['tram-lines', 'tram-lines-revisited']) {
      const response = await site.get(`/opinion/${old}`);
      assert.equal(response.status, 301, old);
      assert.equal(response.headers.get('location'), '/opinion/tram-lines-third');
    }
  });

  it('lets a new piece take over an old slug', async () => {
    const reuse = path.join(copy.dir, 'discovery', 'articles', '2026-11-24-tram-lines.md');
    fs.writeFileSync(reuse, '---\ntitle: A new piece under an old address\ndate: 2026-11-24T09:00:00Z\nauthors: [ben-sample]\n---\nNew body.\n');
    try {
      importArticles(site.db, content);
      const response = await site.get('/opinion/tram-lines');
      assertHtmlPage(response);
      assert.match(await response.text(), /A new piece under an old address/);
      assert.equal((await site.get('/opinion/tram-lines-revisited')).headers.get('location'), '/opinion/tram-lines-third');
    } finally {
      fs.rmSync(reuse);
    }
  });

  it('does not redirect to a piece that is not public', async () => {
    const text = fs.readFileSync(file(), 'utf8');
    fs.writeFileSync(file(), text.replace('---\n', '---\ndraft: true\n'));
    importArticles(site.db, content);
    assertHtmlPage(await site.get('/opinion/tram-lines-revisited'), 404);
    assertHtmlPage(await site.get('/opinion/no-such-piece'), 404);
  });
});
