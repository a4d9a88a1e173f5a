import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { autoParagraph, stripShortcodes, wxrComments } from '../../../src/content/wxr.js';
import { fixturesDir } from '../../helpers/site.js';

const exportXml = fs.readFileSync(path.join(fixturesDir, 'cli/wordpress/export.xml'), 'utf8');

describe('WordPress exports', () => {
  it('wxrComments returns approved comments only, with their thread and GMT date', () => {
    assert.deepEqual(wxrComments(exportXml), [
      {
        articleSlug: 'parks-living-room',
        wordpressId: '101',
        parentWordpressId: null,
        authorName: 'Ruth from number 9',
        authorEmail: 'ruth@example.com',
        authorUrl: '',
        date: '2026-09-15T09:00:00Z',
        text: 'Our park has one gardener for forty acres.\n\nShe deserves a medal.',
      },
      {
        articleSlug: 'parks-living-room',
        wordpressId: '102',
        parentWordpressId: '101',
        authorName: 'Dev',
        authorEmail: '',
        authorUrl: '',
        date: '2026-09-15T11:30:00Z',
        text: 'Agreed, and the toilets too.',
      },
    ]);
  });

  it('removes shortcodes but leaves bracketed prose alone', () => {
    assert.deepEqual(stripShortcodes('[caption id="1"]<img alt="a">A caption[/caption] He said [sic] it. [gallery] [contact-form-7 id="9"]'), {
      html: '<img alt="a">A caption He said [sic] it.  ',
      removed: ['caption', 'contact-form-7', 'gallery'],
    });
  });

  it('adds paragraphs the way WordPress shows posts', () => {
    assert.equal(autoParagraph('One\nline two\n\n<h2>Head</h2>\n\nThree'), '<p>One<br>\nline two</p>\n<h2>Head</h2>\n<p>Three</p>');
  });
});
