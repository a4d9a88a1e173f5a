import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArticle } from '../../../src/content/front-matter.js';
import { renderExcerpt, renderMarkdown } from '../../../src/content/markdown.js';
import { sanitizeBodyHtml } from '../../../src/content/sanitize.js';
import { hostileBody } from '../../helpers/hostile-content.js';
import { findXss, findXssInJson, findXssInJsonFeed, findXssInJsonLd, findXssInXml, loadXssCorpus } from '../../helpers/xss.js';

const corpus = loadXssCorpus();

describe('the XSS checker (issue 8)', () => {
  it('flags each kind of live content it looks for, so a clean result means something', () => {
    const bad: [string, RegExp][] = [
      ['<script>alert(1)</script>', /<script> element/],
      ['<img src=x onerror=alert(1)>', /onerror handler/],
      ['<a href=" java&#x09;script:alert(1)">x</a>', /javascript: URL/],
      ['<a href="data:text/html,x">x</a>', /data: URL/],
      ['<a href="VBSCRIPT:x">x</a>', /vbscript: URL/],
      ['<svg><a xlink:href="javascript:alert(1)">x</a></svg>', /<svg> element/],
      ['<math><mtext>x</mtext></math>', /<math> element/],
      ['<iframe src="https://example.com"></iframe>', /<iframe> element/],
      ['<object data="x"></object>', /<object> element/],
      ['<embed src="x">', /<embed> element/],
      ['<p style="color:red">x</p>', /style attribute/],
      ['<style>p{}</style>', /<style> element/],
      ['<meta http-equiv="refresh" content="0;url=https://evil.example">', /http-equiv/],
      ['<base href="https://evil.example/">', /<base> element/],
      ['<form action="https://evil.example"></form>', /posting off-site/],
      ['<p>EJS_EXECUTED</p>', /template expression was evaluated/],
      ['<!--<img src=x onerror=alert(1)>-->', /comment holding markup/],
      ['<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>', /<script> element/],
    ];
    for (const [html, expected] of bad) {
      assert.match(findXss(html).join('\n'), expected, html);
    }
    assert.deepEqual(findXss('<p><a href="/opinion/x">ok</a> <a href="https://example.com">ok</a> <a href="mailto:a@b.c">m</a></p>'), []);
    assert.deepEqual(findXss('<script type="application/ld+json">{"@type":"Article","headline":"\\u003cb\\u003e"}</script>'), []);
    assert.match(findXssInXml('<rss><item><description>&lt;img src=x onerror=alert(1)&gt;</description></item></rss>').join(), /onerror/);
    assert.match(findXssInJson('{"headline":"<script>alert(1)</script>"}').join(), /markup in a JSON string/);
  });

  it('reads feeds as their readers do: HTML where the format carries HTML, plain text elsewhere', () => {
    const script = '&lt;script&gt;alert(1)&lt;/script&gt;';
    assert.match(findXssInXml(`<rss><channel><item><content:encoded>${script}</content:encoded></item></channel></rss>`).join(), /<script> element/);
    assert.match(findXssInXml(`<feed><entry><summary type="html">${script}</summary></entry></feed>`).join(), /<script> element/);
    assert.match(findXssInXml('<feed><entry><link href="javascript:alert(1)"/></entry></feed>').join(), /javascript: URL/);
    assert.match(findXssInXml('<rss><channel><item><title>x<script>alert(1)</script></title></item></channel></rss>').join(), /<script> element in XML/);
    // Plain text that spells out markup is shown as text by every reader.
    assert.deepEqual(findXssInXml(`<rss><channel><description>${script}</description><item><title>${script}</title></item></channel></rss>`), []);
    assert.deepEqual(findXssInXml(`<feed><entry><title>${script}</title><summary type="text">${script}</summary></entry></feed>`), []);

    assert.match(findXssInJsonFeed('{"items":[{"content_html":"<img src=x onerror=alert(1)>"}]}').join(), /onerror handler/);
    assert.match(findXssInJsonFeed('{"items":[{"url":"javascript:alert(1)"}]}').join(), /javascript: URL/);
    assert.deepEqual(findXssInJsonFeed('{"items":[{"title":"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","content_html":"\\u003cp\\u003eok\\u003c/p\\u003e"}]}'), []);
    // Our JSON Feed escapes "<", so a raw one is text that escaped the writer (issue 17); not JSON is a finding too.
    assert.match(findXssInJsonFeed('{"items":[{"title":"<!--live:visits-->"}]}').join(), /raw "<"/);
    assert.match(findXssInJsonFeed('{"items":[{"title":"x"}]}<p class="visit-counter">').join(), /not JSON/);

    const ld = (json: string) => `<html><head><script type="application/ld+json">${json}</script></head></html>`;
    assert.match(findXssInJsonLd(ld('{"author":{"sameAs":["javascript:alert(1)"]}}')).join(), /sameAs is a javascript: URL/);
    assert.match(findXssInJsonLd(ld('{"headline":"<b>x</b>"}')).join(), /"<" inside a JSON-LD block/);
    // A "</script>" in a string ends the block there: what is left is not JSON.
    assert.match(findXssInJsonLd(ld('{"headline":"</script><script>alert(1)</script>"}')).join(), /not JSON/);
    assert.match(findXssInJsonLd('<html><head></head></html>').join(), /no JSON-LD block/);
    assert.deepEqual(findXssInJsonLd(ld('{"headline":"\\u003cscript\\u003e","url":"https://example.com/"}')), []);
  });

  it('flags most raw payloads from the corpus, so the corpus is hostile and the checker sees it', () => {
    const flagged = corpus.filter((p) => findXss(p.payload).length > 0).length;
    // The rest only become dangerous in context (Markdown links, attribute breakouts, template syntax).
    assert.ok(flagged >= corpus.length * 0.7, `${flagged} of ${corpus.length} raw payloads flagged`);
  });
});

describe('the XSS corpus through the Markdown pipeline (issue 8)', () => {
  it('renders every payload in every Markdown context without live content', () => {
    const problems: string[] = [];
    for (const { family, payload } of corpus) {
      const body = hostileBody(payload);
      for (const [stage, html] of [
        ['body', renderMarkdown(body)],
        ['excerpt', renderExcerpt(body, 40)],
        ['sanitiser alone', sanitizeBodyHtml(payload)],
      ] as const) {
        for (const finding of findXss(html)) problems.push(`${family} ${JSON.stringify(payload)} (${stage}): ${finding}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('parses every payload in every front matter field without throwing: a piece or a list of problems', () => {
    for (const { payload } of corpus) {
      const q = JSON.stringify(payload);
      const text = [
        '---',
        `title: ${q}`, `dek: ${q}`, `summary: ${q}`, `section: ${q}`, 'date: 2026-10-01T08:00:00Z', 'authors: [ada-fixture]',
        `tags: [${q}]`, `author_note: ${q}`, `disclosure: ${q}`, `canonical: ${q}`,
        'image:', '  src: /img/favicon.svg', `  alt: ${q}`, `  caption: ${q}`, `  credit: ${q}`,
        'source:', `  publication: ${q}`, `  url: ${q}`,
        '---', payload, '',
      ].join('\n');
      const result = parseArticle(text, '2026-10-01-hostile.md');
      assert.ok(result.article || result.problems.length > 0);
      // No payload is an http(s) URL, so every one of these pieces is refused, naming the field.
      assert.ok(result.problems.some((p) => p.field === 'canonical'), payload);
    }
  });
});
