import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir, type TestSite } from '../helpers/site.js';
import { projectRoot, startPicturedSite } from './harness.js';
import { describeMessage, javaSkip, runNu, type NuMessage } from './nu.js';
import { pages } from './pages.js';

describe('validity: the W3C Nu HTML Checker on every page type, stylesheet and image', { skip: javaSkip() }, () => {
  let site: TestSite;
  let work: ReturnType<typeof tempDir>;
  const files = new Map<string, string>();
  let messages: Map<string, NuMessage[]>;
  let canary: string;

  before(async () => {
    // The image step too, so the checker reads pages as readers get them: <picture>s, portraits and all.
    site = await startPicturedSite();
    work = tempDir('broadsheet-vnu-');
    for (const [i, spec] of pages.entries()) {
      const response = await site.get(spec.path);
      assert.equal(response.status, spec.status, `${spec.path} status`);
      const file = path.join(work.dir, `${String(i).padStart(2, '0')}-${spec.name.replace(/[^a-z0-9]+/gi, '-')}.html`);
      fs.writeFileSync(file, await response.text());
      files.set(spec.path, file);
    }
    for (const folder of ['css', 'img']) {
      const dir = path.join(projectRoot, 'public', folder);
      for (const name of fs.readdirSync(dir).filter((n) => /\.(css|svg)$/.test(n))) files.set(`/${folder}/${name}`, path.join(dir, name));
    }
    // A known-bad page in the same batch proves the checker is really reporting errors.
    canary = path.join(work.dir, 'canary.html');
    fs.writeFileSync(canary, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>c</title></head><body><p><div></body></html>');
    messages = runNu([canary, ...files.values()]);
  });
  after(async () => {
    await site?.close();
    work?.cleanup();
  });

  it('checked every file it was given, caught the planted error, and reported no trouble of its own', () => {
    assert.ok((messages.get(canary) ?? []).some((m) => m.type === 'error'), 'the checker reports the broken canary page');
    const stray = [...messages.keys()].filter((file) => file !== canary && ![...files.values()].includes(file));
    assert.deepEqual(stray.map((file) => `${file}: ${messages.get(file)!.map(describeMessage).join('; ')}`), []);
    assert.ok(files.size >= pages.length, 'every page and asset was written for the checker');
  });

  for (const spec of pages) {
    it(`${spec.name} (${spec.path}) is valid HTML`, (t) => {
      const found = messages.get(files.get(spec.path)!) ?? [];
      for (const warning of found.filter((m) => m.type === 'info')) t.diagnostic(`warning: ${describeMessage(warning)}`);
      const errors = found.filter((m) => m.type !== 'info').map(describeMessage);
      assert.deepEqual(errors, [], `${spec.path}:\n  ${errors.join('\n  ')}`);
    });
  }

  it('every stylesheet and SVG image in public/ is valid', () => {
    const errors: string[] = [];
    for (const [name, file] of files) {
      if (!/\.(css|svg)$/.test(name)) continue;
      for (const m of messages.get(file) ?? []) if (m.type !== 'info') errors.push(`${name} ${describeMessage(m)}`);
    }
    assert.deepEqual(errors, [], errors.join('\n'));
  });
});
