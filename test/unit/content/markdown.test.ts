import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countWords, renderExcerpt, renderMarkdown, typographic } from '../../../src/content/markdown.js';
import { slugFromFilename, slugify } from '../../../src/content/slug.js';

describe('renderMarkdown', () => {
  const table: [string, string, string][] = [
    ['subheadings get stable ids from their text', '## Why it "matters"', '<h2 id="why-it-matters">Why it “matters”</h2>\n'],
    ['a repeated subheading gets a numbered id', '## Again\n\n## Again', '<h2 id="again">Again</h2>\n<h2 id="again-2">Again</h2>\n'],
    ['a body h1 becomes a subheading', '# Top', '<h2 id="top">Top</h2>\n'],
    ['a heading id comes from its text, not its escaped HTML (issue 18)', '## Q&A', '<h2 id="q-a">Q&amp;A</h2>\n'],
    ['a heading with markup and symbols gets the id of its words (issue 18)', '## `a<b` & <em>c</em>', '<h2 id="a-b-c"><code>a&lt;b</code> &amp; <em>c</em></h2>\n'],
    ['repeated ampersand headings get distinct ids (issue 18)', '## Q&A\n\n## Q&A', '<h2 id="q-a">Q&amp;A</h2>\n<h2 id="q-a-2">Q&amp;A</h2>\n'],
    ['a numbered id never repeats a heading that has it as its own (issue 18)', '## Part\n\n## Part 2\n\n## Part', '<h2 id="part">Part</h2>\n<h2 id="part-2">Part 2</h2>\n<h2 id="part-3">Part</h2>\n'],
    ['an earlier numbered id is not reused by a later heading (issue 18)', '## Part\n\n## Part\n\n## Part 2', '<h2 id="part">Part</h2>\n<h2 id="part-2">Part</h2>\n<h2 id="part-2-2">Part 2</h2>\n'],
    ['quotes and dashes are typographic', `"It's" -- a 'test' --- yes...`, '<p>“It’s” – a ‘test’ — yes…</p>\n'],
    ['block quotes survive', '> Quoted', '<blockquote>\n<p>Quoted</p>\n</blockquote>\n'],
    ['code keeps straight quotes', '`"x"`', '<p><code>"x"</code></p>\n'],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => assert.equal(renderMarkdown(input), expected));
  }
});

describe('the sanitiser', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '[x](javascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '![x](javascript:alert(1))',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    '<body onload=alert(1)>',
    '<style>*{background:red}</style>',
    '<form action="https://evil.example"><input name=x></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<<script>script>alert(1)<</script>/script>',
    '<scr<script>ipt>alert(1)</script>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<details open ontoggle=alert(1)>',
  ];
  const dangerous = /<script|<iframe|<object|<embed|<svg|<math|<style|<form|<meta|<base|\son[a-z]+\s*=|javascript:|vbscript:|data:|style=/i;

  for (const payload of payloads) {
    it(`removes ${payload}`, () => {
      const html = renderMarkdown(`Before\n\n${payload}\n\nAfter`);
      assert.doesNotMatch(html, dangerous);
      assert.match(html, /After/);
    });
  }
});

describe('renderExcerpt', () => {
  const para = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ') + '.';

  it('cuts between blocks and never inside a quote or list', () => {
    const md = `${para(60, 'one')}\n\n> ${para(80, 'quoted')}\n\n- ${para(10, 'item')}\n- ${para(10, 'item')}\n\n${para(200, 'late')}`;
    const html = renderExcerpt(md, 120);
    assert.match(html, /^<p>one/);
    assert.doesNotMatch(html, /late/);
    // Either the whole quote is in or none of it.
    const quoted = (html.match(/quoted/g) ?? []).length;
    assert.ok(quoted === 0 || quoted === 80);
    assert.equal((html.match(/<blockquote>/g) ?? []).length, (html.match(/<\/blockquote>/g) ?? []).length);
  });

  it('cuts a long opening paragraph at the end of a sentence', () => {
    const md = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} has some words.`).join(' ');
    const html = renderExcerpt(md, 50);
    assert.match(html, /has some words\.<\/p>\n$/);
    assert.ok(countWords(html) < countWords(md));
  });

  it('drops a trailing subheading', () => {
    const html = renderExcerpt(`${para(30, 'a')}\n\n## Next part\n\n${para(300, 'b')}`, 40);
    assert.doesNotMatch(html, /Next part/);
  });

  it('never gives away more than about half of a short piece', () => {
    const md = `${para(20, 'first')}\n\n${para(20, 'second')}\n\n${para(20, 'third')}\n\n${para(20, 'fourth')}`;
    const html = renderExcerpt(md);
    assert.doesNotMatch(html, /fourth/);
  });
});

describe('slugs and text helpers', () => {
  const slugs: [string, string][] = [
    ['Public Transit', 'public-transit'],
    ['Café & Culture', 'cafe-and-culture'],
    ["Children's books", 'childrens-books'],
    ['  --Odd   spacing--  ', 'odd-spacing'],
  ];
  for (const [input, expected] of slugs) it(`slugifies "${input}"`, () => assert.equal(slugify(input), expected));

  it('derives a slug from a dated file name', () => {
    assert.equal(slugFromFilename('content/articles/2026-10-14-the-bus-stops-here.md'), 'the-bus-stops-here');
    assert.equal(slugFromFilename('undated-piece.md'), 'undated-piece');
  });

  it('makes plain-text fields typographic', () => {
    assert.equal(typographic(`"Why" it's -- so`), '“Why” it’s – so');
  });
});
