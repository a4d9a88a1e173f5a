import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { frontMatterKeys } from '../../src/content/article-fields.js';
import { parseAuthorRegistry } from '../../src/content/authors.js';
import { parseZonedDate } from '../../src/content/dates.js';
import { parseArticle, splitFrontMatter } from '../../src/content/front-matter.js';
import { renderExcerpt, renderMarkdown, typographic } from '../../src/content/markdown.js';
import { isSlug, slugFromFilename, slugify } from '../../src/content/slug.js';
import { HttpError } from '../../src/http-error.js';
import { parsePageParam } from '../../src/view-models/pagination.js';
import { assertOnlyOwnErrors, frontMatterDocument, hostileText, propertyRuns, yamlValue } from '../helpers/properties.js';
import { findXss } from '../helpers/xss.js';

const runs = { numRuns: propertyRuns };

describe('front matter parsing, for any input (issue 8)', () => {
  it('returns a valid piece or a list of problems for any text, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, hostileText.map((t) => `---\n${t}\n---\n${t}`)), (text) => {
        const result = parseArticle(text, '2026-10-01-any.md');
        assert.ok(result.article ? result.problems.length === 0 : result.problems.length > 0);
        for (const problem of result.problems) {
          assert.equal(typeof problem.field, 'string');
          assert.equal(typeof problem.message, 'string');
        }
      }),
      runs,
    );
  });

  it('holds every accepted piece to the rules, whatever types the fields had', () => {
    fc.assert(
      fc.property(frontMatterDocument(frontMatterKeys), (text) => {
        const { article } = parseArticle(text, '2026-10-01-any.md');
        if (!article) return;
        assert.ok(isSlug(article.slug));
        assert.ok(article.title.length > 0 && article.title.length <= 200);
        assert.ok(article.authors.length > 0 && article.authors.every(isSlug));
        assert.ok(parseZonedDate(article.publishedAt));
        assert.equal(typeof article.bodyMarkdown, 'string');
      }),
      runs,
    );
  });

  it('splits front matter from any text without throwing', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (yaml, body) => {
        const parts = splitFrontMatter(`---\n${yaml}\n---\n${body}`);
        if (parts) assert.ok(parts.bodyLine >= 3);
      }),
      runs,
    );
  });

  it('validates any author registry without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.array(yamlValue, { maxLength: 4 }).map((v) => JSON.stringify(v))), (text) => {
        const { authors, problems } = parseAuthorRegistry(text, 'authors.yaml');
        assert.ok(Array.isArray(authors) && Array.isArray(problems));
      }),
      runs,
    );
  });

  it('reads a date with its zone or nothing, for any value', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, yamlValue), (value) => {
        const date = parseZonedDate(value);
        if (date) assert.ok(Number.isFinite(date.ts) && typeof date.iso === 'string');
      }),
      runs,
    );
  });
});

describe('the Markdown pipeline, for any input (issue 8)', () => {
  it('renders any text to HTML with nothing executable in it', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const markdown = `${a}\n\n[x](${b.replace(/\s/g, '')})\n\n${b}`;
        assert.deepEqual(findXss(renderMarkdown(markdown)), []);
        assert.deepEqual(findXss(renderExcerpt(markdown, 20)), []);
      }),
      runs,
    );
  });

  it('makes any plain-text field typographic without throwing', () => {
    fc.assert(fc.property(hostileText, (text) => void typographic(text)), runs);
  });
});

describe('slug handling, for any input (issue 8)', () => {
  it('slugify always yields a valid slug (or nothing), and is idempotent', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const slug = slugify(text);
        assert.ok(slug === '' || isSlug(slug), JSON.stringify(slug));
        assert.ok(slug.length <= 80);
        assert.equal(slugify(slug), slug);
      }),
      runs,
    );
  });

  it('leaves a short valid slug unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,5}$/), (slug) => {
        assert.ok(isSlug(slug));
        assert.equal(slugify(slug), slug);
      }),
      runs,
    );
  });

  it('derives a slug from any file name without keeping a folder in it', () => {
    fc.assert(
      fc.property(hostileText, (name) => {
        const slug = slugFromFilename(name);
        assert.ok(!/[\\/]/.test(slug));
      }),
      runs,
    );
  });
});

describe('the page query parameter, for any input (issue 8)', () => {
  const isOwn = (error: unknown) => error instanceof HttpError && error.status === 400;

  it('is a whole number from 1 to 100000 or a 400, for any value the query parser can produce', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 }), yamlValue, fc.constant(undefined)), (raw) => {
        const page = assertOnlyOwnErrors(() => parsePageParam(raw), isOwn);
        if (page !== undefined) assert.ok(Number.isInteger(page) && page >= 1 && page <= 100_000);
      }),
      runs,
    );
  });

  it('reads back every page number it accepts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => assert.equal(parsePageParam(String(n)), n)), runs);
  });
});

describe('inputs the properties found (issue 8 regressions)', () => {
  it('reports a YAML alias without its anchor as invalid YAML instead of throwing', () => {
    const article = parseArticle('---\ntitle: *nowhere\n---\nBody', '2026-10-01-a.md');
    assert.match(article.problems[0]?.message ?? '', /^invalid YAML: Unresolved alias/);
    const registry = parseAuthorRegistry('- *nowhere', 'authors.yaml');
    assert.match(registry.problems[0]?.message ?? '', /^invalid YAML/);
  });

  it('refuses a YAML alias bomb as invalid YAML', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const result = parseArticle(`---\n${levels.join('\n')}\ntitle: Bomb\n---\nBody`, '2026-10-01-a.md');
    assert.match(result.problems[0]?.message ?? '', /^invalid YAML/);
  });

  it('treats a title or author name of only spaces as missing', () => {
    const { problems } = parseArticle('---\ntitle: " "\ndate: 2026-10-01T08:00:00Z\nauthors: [ada-fixture]\n---\nBody', '2026-10-01-a.md');
    assert.deepEqual(problems.map((p) => `${p.field}: ${p.message}`), ['title: is required']);
    const registry = parseAuthorRegistry('- slug: ada\n  name: "  "', 'authors.yaml');
    assert.deepEqual(registry.problems.map((p) => `${p.field}: ${p.message}`), ['[0].name: is required']);
  });

  it('takes the slug from the file name even when a folder name holds a line break', () => {
    assert.equal(slugFromFilename('odd\nfolder/2026-10-01-a-piece.md'), 'a-piece');
  });
});
