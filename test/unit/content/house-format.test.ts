import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rewriteFrontMatter } from '../../../src/publishing/editorial.js';
import { parseArticle } from '../../../src/content/front-matter.js';
import { exportFileName, serializeArticle } from '../../../src/content/house-format.js';
import { fixturesDir } from '../../helpers/site.js';

const everyFieldFile = path.join(fixturesDir, 'cli/markdown/2026-10-14-every-field.md');
const everyField = fs.readFileSync(everyFieldFile, 'utf8');

describe('the house Markdown format', () => {
  it('serializeArticle writes a piece that parses back to exactly the same piece', () => {
    const { article } = parseArticle(everyField, everyFieldFile);
    assert.ok(article);
    const name = exportFileName(article);
    assert.equal(name, '2026-10-14-every-field.md');
    const text = serializeArticle(article);
    assert.deepEqual(parseArticle(text, name), { article, problems: [] });
    assert.match(text, /^---\ntitle: Night buses are a public good -- so fund them like one\ntype: column\n/);
    assert.match(text, /^authors: \[mara-quill, tomas-vell\]$/m);
    assert.doesNotMatch(text, /^slug:/m, 'the file name carries the slug');
  });

  it('writes the slug when the file name would not give it', () => {
    const { article } = parseArticle(everyField, everyFieldFile);
    const text = serializeArticle(article!, 'renamed.md');
    assert.match(text, /^slug: every-field$/m);
    assert.equal(parseArticle(text, 'renamed.md').article?.slug, 'every-field');
  });

  it('rewriteFrontMatter changes only the named fields, keeping comments, layout and body', () => {
    const text = '---\ntitle: A draft # working title\ndate: 2026-10-16T08:00:00Z\ndraft: true\ntags: [One, Two]\n---\nBody *as written*.\n\n';
    assert.equal(
      rewriteFrontMatter(text, { date: '2026-11-01T09:00:00Z', draft: undefined }),
      '---\ntitle: A draft # working title\ndate: 2026-11-01T09:00:00Z\ntags: [One, Two]\n---\nBody *as written*.\n\n',
    );
    assert.match(rewriteFrontMatter(text, { draft: true }), /^draft: true$/m);
  });
});
