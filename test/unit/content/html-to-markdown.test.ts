import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToMarkdown, htmlToText } from '../../../src/content/html-to-markdown.js';
import { renderMarkdown } from '../../../src/content/markdown.js';

describe('htmlToMarkdown', () => {
  it('converts feed HTML to house Markdown', () => {
    assert.equal(
      htmlToMarkdown('<h2>A heading</h2><p>Text with <em>stress</em>, <strong>weight</strong> and <a href="https://example.com/a">a link</a>.</p><blockquote><p>Quoted.</p></blockquote><ul><li>one</li></ul>'),
      '## A heading\n\nText with *stress*, **weight** and [a link](https://example.com/a).\n\n> Quoted.\n\n-   one',
    );
  });

  it('keeps text that looks like markup as text', () => {
    assert.equal(renderMarkdown(htmlToMarkdown('<p>if a &lt; b then &lt;script&gt; &amp;copy; 1. *x*</p>')), '<p>if a &lt; b then &lt;script&gt; &amp;copy; 1. *x*</p>\n');
  });

  it('never lets an XSS payload through conversion and rendering', () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload=alert(1)><circle/></svg>',
      '<p onclick="alert(1)">text</p>',
      '<style>body{display:none}</style>',
      '<object data="x"></object>',
      '<form action="https://evil.example"><input name=a></form>',
    ];
    for (const payload of payloads) {
      const html = renderMarkdown(htmlToMarkdown(`<p>before</p>${payload}<p>after</p>`));
      assert.doesNotMatch(html, /<script|onerror|onload|onclick|javascript:|data:text|<iframe|<svg|<style|<object|<form|alert\(1\)/i, payload);
    }
  });

  it('keeps images with a web address, which the import fetches, and drops those it could not (issue 19)', () => {
    assert.equal(
      htmlToMarkdown('<p><img src="http://example.com/a.png" alt="A"><img src="https://example.com/b.png" alt="B"><img src="/wp-content/c.png" alt="C"><img src="data:image/png;base64,AAAA" alt="D"></p>'),
      '![A](http://example.com/a.png)![B](https://example.com/b.png)',
    );
  });

  it('gives plain text for headlines', () => {
    assert.equal(htmlToText('Sheep, <em>satellites</em> &amp; the   census'), 'Sheep, satellites & the census');
  });
});
