import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { builtCli, runCli, type CliEnv } from '../helpers/cli.js';
import { startChild, waitFor } from '../helpers/processes.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

const piece = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2026-12-10T08:00:00Z\nauthors: [ada-fixture]\n---\n${body}\n`;

describe('npm run cli -- preview (issue 20)', () => {
  const { dir, cleanup } = tempDir('broadsheet-preview-cli-');
  const env: CliEnv = { cwd: dir, databasePath: path.join(dir, 'site.db'), contentDir: path.join(dir, 'content') };
  const cli = (...args: string[]) => runCli(env, args);
  let db: Database;
  let server: Server;
  let origin: string;

  before(async () => {
    fs.cpSync(fixtureContent, env.contentDir, { recursive: true });
    const run = await cli('import', 'content');
    assert.equal(run.status, 0, run.stderr);
    // The site, on the same database and configuration as the CLI, as in production.
    const config = loadConfig({ DATABASE_PATH: env.databasePath, SITE_TIME_ZONE: 'UTC' });
    db = openDatabase(config.databasePath, migrationsDir);
    server = createServer(createApp({ db, config }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    db?.close();
    cleanup();
  });

  const linkPath = (stdout: string) => {
    const match = /^http:\/\/localhost:3000(\/preview\/[A-Za-z0-9_-]+)$/m.exec(stdout);
    assert.ok(match, stdout);
    return match[1]!;
  };

  it('prints a link the site answers, until the piece is revoked; a link issued afterwards works again', async () => {
    const issued = await cli('preview', 'draft', '--for', '12h');
    assert.equal(issued.status, 0, issued.stderr);
    assert.match(issued.stdout, /Preview of "draft" \(draft, from content\/articles\/2026-10-03-draft\.md\), valid until \d{4}-\d\d-\d\dT/);
    const first = linkPath(issued.stdout);
    const page = await fetch(`${origin}${first}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /A draft nobody should see/);

    const revoked = await cli('preview', '--revoke', 'draft');
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(revoked.stdout, /Every preview link to "draft" issued until now has stopped working\./);
    assert.equal((await fetch(`${origin}${first}`)).status, 404);

    const again = linkPath((await cli('preview', 'draft')).stdout);
    assert.equal((await fetch(`${origin}${again}`)).status, 200);
  });

  it('refuses a lifetime past thirty days or badly written, naming --for, and a piece that is not there or already public', async () => {
    const long = await cli('preview', 'draft', '--for', '31d');
    assert.equal(long.status, 2);
    assert.match(long.stderr, /--for must be at most 30d/);
    const bad = await cli('preview', 'draft', '--for', 'a week');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--for must be a duration such as 30m, 12h or 7d \(got "a week"\)/);
    const missing = await cli('preview', 'no-such-piece');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no piece has the slug "no-such-piece"/);
    const published = await cli('preview', 'full-piece');
    assert.equal(published.status, 1);
    assert.match(published.stderr, /"full-piece" is published and its file has no changes waiting to be imported; readers see it at http:\/\/localhost:3000\/opinion\/full-piece/);
    const both = await cli('preview', '--revoke', 'draft', 'scheduled');
    assert.equal(both.status, 2);
  });

  it('refuses a file an import would refuse, listing its problems, and serves nothing', async () => {
    const file = path.join(dir, 'unknown-author.md');
    fs.writeFileSync(file, piece('A piece by a stranger', 'Text.').replace('ada-fixture', 'nobody-known'));
    const run = await cli('preview', 'unknown-author.md', '--port', '0');
    assert.equal(run.status, 1);
    assert.match(run.stderr, /unknown-author\.md: authors: is not in the author registry/);
    assert.doesNotMatch(run.stdout, /Previewing/);
  });

  it('serves a file not yet imported on a local port and shows each save, until Ctrl-C', async () => {
    const file = path.join(dir, '2026-12-10-night-buses.md');
    fs.writeFileSync(file, piece('Night buses need a timetable', 'The first version of the argument.'));
    const child = startChild(process.execPath, [builtCli(), 'preview', path.basename(file), '--port', '0'], {
      cwd: dir,
      env: { ...process.env, DATABASE_PATH: env.databasePath, CONTENT_DIR: env.contentDir, SITE_TIME_ZONE: 'UTC' },
    });
    let exited = false;
    void child.exited.then(() => (exited = true));
    try {
      const url = await waitFor(() => /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(child.stdout().join('\n'))?.[1], 20_000, 'the preview address', {
        gone: () => exited,
      });
      const first = await fetch(url);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('cache-control'), 'private, no-store');
      const html = await first.text();
      assert.match(html, /<h1 class="article__title">Night buses need a timetable<\/h1>/);
      assert.match(html, /Preview — not published/);
      assert.match(html, /The first version of the argument\./);
      assert.match(html, /href="\/css\/site\.[0-9a-f]{10}\.css"/);

      fs.writeFileSync(file, piece('Night buses need a timetable', 'The second, sharper version.'));
      await waitFor(async () => /The second, sharper version\./.test(await (await fetch(url)).text()), 10_000, 'the page to show the saved text');

      fs.writeFileSync(file, piece('Night buses need a timetable', 'Text.').replace(/^title: .*\n/m, ''));
      const broken = await waitFor(async () => {
        const response = await fetch(url);
        return response.status === 422 ? response.text() : undefined;
      }, 10_000, 'the page to list the problem');
      assert.match(broken, /title: is required/);
      assert.match(child.stderr(), /title: is required/);

      child.process.kill('SIGINT');
      const { code } = await child.exited;
      assert.equal(code, 0);
      assert.match(child.stdout().join('\n'), /Preview stopped\./);
    } finally {
      if (!exited) child.process.kill('SIGKILL');
    }
  });
});
