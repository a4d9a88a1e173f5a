import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLexical, readMobiledoc } from '../../../src/content/ghost-bodies.js';

const lexical = (...children: unknown[]) => JSON.stringify({ root: { type: 'root', children } });
const mobiledoc = (doc: Record<string, unknown>) => JSON.stringify({ version: '0.3.1', atoms: [], markups: [], cards: [], ...doc });

describe('Ghost Lexical and Mobiledoc bodies (issue 18)', () => {
  const cases: [string, string | undefined, unknown][] = [
    ['a Lexical image card keeps its alt text and caption', lexical({ type: 'image', src: 'https://example.org/a.jpg', alt: 'A quay', caption: 'At dawn' }), { blocks: [{ html: '<p><img src="https://example.org/a.jpg" alt="A quay"></p><p>At dawn</p>' }], unread: [] }],
    ['a Lexical HTML card and Markdown card pass as they are', lexical({ type: 'html', html: '<p>Raw</p>' }, { type: 'markdown', markdown: '*Md*' }), { blocks: [{ html: '<p>Raw</p>' }, { markdown: '*Md*' }], unread: [] }],
    ['Lexical text is escaped, and code and strike formats kept', lexical({ type: 'paragraph', children: [{ type: 'text', text: '<b> & ', format: 0 }, { type: 'text', text: 'x', format: 16 }, { type: 'text', text: 'y', format: 4 }] }), { blocks: [{ html: '<p>&lt;b&gt; &amp; <code>x</code><s>y</s></p>' }], unread: [] }],
    ['an unknown Lexical card is named', lexical({ type: 'signup' }), { blocks: [], unread: ['signup'] }],
    ['not Lexical at all', '{"other": true}', undefined],
    ['a Mobiledoc image section and a card it cannot read', mobiledoc({ cards: [['gallery', {}]], sections: [[2, 'https://example.org/b.png'], [10, 0]] }), { blocks: [{ html: '<p><img src="https://example.org/b.png" alt=""></p>' }], unread: ['gallery card'] }],
    ['a Mobiledoc link markup opened and closed by its markers', mobiledoc({ markups: [['a', ['href', 'https://example.org/']], ['strong']], sections: [[1, 'p', [[0, [0], 0, 'a '], [0, [1], 2, 'link']]]] }), { blocks: [{ html: '<p><a href="https://example.org/">a <strong>link</strong></a></p>' }], unread: [] }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const read = name.includes('Mobiledoc') ? readMobiledoc(text!) : readLexical(text!);
      assert.deepEqual(read, expected);
    });
  }
});
