import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnServer, spawnTs, serverEntry, waitFor } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

// 2,000 quote markers in 4 KB: marked recursed once per level and overflowed the stack.
const deepPiece = `---
title: Deep quotes
date: 2026-10-06T08:00:00+01:00
authors: [mara-quill]
---

${'> '.repeat(2000)}too deep
`;

describe('a piece too deep to render in the content folder (issue 17)', () => {
  const { dir, cleanup } = tempDir('broadsheet-deep-');
  after(cleanup);

  it('a first start refuses with exit 1, naming the file and the field, never a bare stack overflow (issue 17)', async () => {
    const content = path.join(dir, 'first');
    fs.cpSync(fixtureContent, content, { recursive: true });
    fs.writeFileSync(path.join(content, 'articles', '2026-10-06-deep-quotes.md'), deepPiece);
    const server = spawnTs(serverEntry, [], { PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'first.db'), CONTENT_DIR: content });
    const { code } = await server.exited;
    assert.equal(code, 1);
    const fatal = server.logLines().find((line) => line.msg === 'could not start: the content folder has problems');
    assert.ok(fatal, server.stdout().join('\n'));
    assert.deepEqual(fatal.problems, [
      `${path.join(content, 'articles', '2026-10-06-deep-quotes.md')}:7: body: nesting deeper than 32 levels (quotes and lists inside each other)`,
    ]);
    assert.doesNotMatch(server.stdout().join('\n') + server.stderr(), /Maximum call stack/);
  });

  it('a background reconcile refuses the piece, logs file and field, and leaves the running site serving (issue 17)', async () => {
    const content = path.join(dir, 'later');
    const env = { DATABASE_PATH: path.join(dir, 'later.db'), CONTENT_DIR: content };
    fs.cpSync(fixtureContent, content, { recursive: true });
    const first = await spawnServer(env);
    first.process.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);

    fs.writeFileSync(path.join(content, 'articles', '2026-10-06-deep-quotes.md'), deepPiece);
    const server = await spawnServer(env);
    try {
      await waitFor(() => server.logLines().some((l) => l.msg === 'content reconcile finished'), 20_000, 'the reconcile to finish');
      const refused = server.logLines().find((l) => l.msg === 'content folder has problems; serving what the database already holds');
      assert.ok(refused, server.stdout().join('\n'));
      assert.match(String((refused.problems as string[])[0]), /2026-10-06-deep-quotes\.md:7: body: nesting deeper than 32 levels/);
      assert.equal(server.logLines().find((l) => l.msg === 'content reconcile finished')!.code, 1);
      assert.equal((await fetch(`${server.url}/opinion/full-piece`)).status, 200);
      assert.equal((await fetch(`${server.url}/`)).status, 200);
    } finally {
      server.process.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
    }
  });
});
