import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../../src/publishing/input-files.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const declared = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>`;

describe('decodeText', () => {
  it('decodes a feed in the encoding its XML declaration names (issue 18)', () => {
    const table: [Buffer, string][] = [
      [bytes(declared('ISO-8859-1'), 'Caf', [0xe9]), 'Café'],
      [bytes(declared('windows-1252'), [0x93], 'quoted', [0x94]), '“quoted”'],
      [bytes(declared('KOI8-R'), [0xee, 0xcf, 0xd7, 0xcf, 0xd3, 0xd4, 0xc9]), 'Новости'],
      [bytes(declared('iso-8859-7'), [0xc5, 0xeb, 0xeb, 0xdc, 0xe4, 0xe1]), 'Ελλάδα'],
      [bytes(declared('windows-1251'), [0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]), 'Новости'],
    ];
    for (const [input, expected] of table) {
      const { text, problem } = decodeText(input, 'feed.xml');
      assert.equal(problem, undefined);
      assert.ok(text!.endsWith(`<title>${expected}`), text);
    }
  });

  it('reads UTF-16 and UTF-8 by their byte-order marks', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss><title>Ελλάδα</title></rss>', 'utf16le')]);
    assert.equal(decodeText(utf16, 'feed.xml').text, '<rss><title>Ελλάδα</title></rss>');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], '<rss/>'), 'feed.xml').text, '<rss/>');
  });

  it('reads a feed declared Latin-1 that is plainly UTF-8 as UTF-8, so "©" does not become "Â©"', () => {
    const { text } = decodeText(bytes(declared('ISO-8859-1'), [0xc2, 0xa9], ' 2026'), 'feed.xml');
    assert.ok(text!.endsWith('© 2026'));
  });

  it('names the file and the encoding when the bytes are not what the file declares', () => {
    const table: [Buffer, string][] = [
      [bytes(declared('euc-kr'), [0xff, 0xff]), 'feed.xml: encoding: is not valid euc-kr text, the encoding it declares; check the declaration or save it as UTF-8 (euc-kr)'],
      [bytes(declared('x-unheard-of'), 'x'), 'feed.xml: encoding: names an encoding this importer cannot read; save the file as UTF-8 (x-unheard-of)'],
      [bytes('<rss><title>Caf', [0xe9], '</title></rss>'), 'feed.xml: file: is not valid UTF-8 text; save it as UTF-8 (undefined)'],
    ];
    for (const [input, expected] of table) {
      const { problem } = decodeText(input, 'feed.xml');
      assert.equal(`${problem?.file}: ${problem?.field}: ${problem?.message} (${problem?.value})`, expected);
    }
  });

  it('keeps Markdown strict UTF-8 whatever it says about itself', () => {
    const { problem } = decodeText(bytes('---\ntitle: Caf', [0xe9], '\n---\n'), 'piece.md');
    assert.equal(problem?.message, 'is not valid UTF-8 text; save it as UTF-8');
  });
});
