import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadImportFiles, loadImportSources } from '../../../src/publishing/sources.js';
import { fixtureContent, tempDir } from '../../helpers/site.js';

describe('one loader for every import path (issue 16)', () => {
  const { dir, cleanup } = tempDir();
  const content = path.join(dir, 'content');
  before(() => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    // Not the house format: a folder walk leaves these alone, so they can never stop a start.
    fs.writeFileSync(path.join(content, 'notes.txt'), 'Remember to ask the desk about Tuesday.\n');
    fs.writeFileSync(path.join(content, 'partner.xml'), '<rss version="2.0"><channel><title>Partner</title></channel></rss>\n');
  });
  after(cleanup);

  it('reads only Markdown and authors.yaml inside a folder, for a start and for the CLI alike', async () => {
    const atStart = loadImportFiles([content]);
    const fromCli = await loadImportSources([content]);
    assert.deepEqual(atStart, fromCli);
    assert.deepEqual(atStart.problems, []);
    assert.equal(atStart.articles.length, 17);
    assert.equal(atStart.authors.length, 2);
    assert.ok(atStart.sources!.every((source) => source.format === 'markdown'));
  });

  it('reads a file named outright whatever its name', async () => {
    const named = path.join(content, 'notes.txt');
    const loaded = await loadImportSources([named]);
    assert.deepEqual(loaded.sources?.map((source) => source.format), ['wire']);
    assert.match(loaded.problems.map((problem) => problem.message).join('\n'), /author|date/);
    assert.deepEqual(loadImportFiles([named]).problems, loaded.problems);
  });
});

describe('size limits: a piece against an archive (issue 18)', () => {
  const { dir, cleanup } = tempDir();
  after(cleanup);
  // Over the 2 MB a Markdown piece may have, as a real WordPress export of a few hundred posts is.
  const padding = `<!-- ${'an export carries a lot of markup. '.repeat(90_000)} -->`;

  it('reads a WordPress export over 2 MB named outright, and still refuses a Markdown file that large', () => {
    const exportFile = path.join(dir, 'export.xml');
    fs.writeFileSync(exportFile, `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">${padding}<channel><title>Big</title></channel></rss>\n`);
    const markdown = path.join(dir, '2026-10-20-big.md');
    fs.writeFileSync(markdown, `---\ntitle: Big\n---\n${padding}\n`);
    const loaded = loadImportFiles([exportFile, markdown]);
    assert.deepEqual(loaded.problems!.map((p) => [path.basename(p.file), p.field, p.message]), [
      ['export.xml', 'item', 'the WordPress export has no items: export posts from WordPress (Tools › Export) and try again'],
      ['2026-10-20-big.md', 'file', 'must be at most 2 MB'],
    ]);
  });
});
