import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/publishing/import.js';
import { openDatabase } from '../../src/db/open.js';
import { describeDatabaseError } from '../../src/db/trouble.js';
import { writeBulkContent } from '../helpers/bulk-content.js';
import { cliEntry, spawnServer, spawnTs, waitFor } from '../helpers/processes.js';
import { fixtureContent, migrationsDir, startSite, tempDir, type TestSite } from '../helpers/site.js';

/** countArticles reads how many pieces the database holds. */
function countArticles(site: TestSite): number {
  return (site.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
}

/** assertReadsServe checks the pages and the health check still answer while writes are failing. */
async function assertReadsServe(url: string): Promise<void> {
  for (const pathname of ['/', '/opinion/full-piece', '/authors/ada-fixture']) {
    const response = await fetch(`${url}${pathname}`);
    await response.text();
    assert.equal(response.status, 200, pathname);
  }
}

/** importError runs an import and returns what it threw. */
function importError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('the import should have failed');
}

/** aFreshPiece writes one new valid piece, so an import has something to write. */
function aFreshPiece(dir: string, slug = 'fresh-piece'): string {
  const folder = path.join(dir, `content-${slug}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, `2026-11-01-${slug}.md`),
    '---\ntitle: A fresh piece\ndate: 2026-11-01T08:00:00Z\nauthors: [ada-fixture]\n---\nNew words.\n',
  );
  return folder;
}

describe('a database locked by another process (issue 8)', () => {
  let site: TestSite;
  let holder: ReturnType<typeof spawn>;
  before(async () => {
    site = await startSite();
    // Another process takes the write lock and keeps it, as a stuck import or a manual sqlite3 session would.
    const script = `const db = require('better-sqlite3')(process.argv[1]); db.exec('BEGIN IMMEDIATE');
      db.exec("UPDATE authors SET bio = bio WHERE slug = 'ada-fixture'"); console.log('locked'); setInterval(() => {}, 1000);`;
    holder = spawn(process.execPath, ['-e', script, site.config.databasePath], { cwd: path.resolve(import.meta.dirname, '../..') });
    let out = '';
    holder.stdout!.on('data', (chunk) => (out += chunk));
    await waitFor(() => out.includes('locked'), 10_000, 'the other process to hold the lock');
  });
  after(async () => {
    holder.kill('SIGKILL');
    await site.close();
  });

  it('keeps serving reads and the health check while the lock is held', async () => {
    await assertReadsServe(site.url);
    assert.equal((await site.get('/healthz')).status, 200);
  });

  it('fails a write with a clear "locked" error once the busy timeout passes, then succeeds after', async () => {
    const before = countArticles(site);
    site.db.pragma('busy_timeout = 200');
    const error = importError(() => importArticles(site.db, [aFreshPiece(site.dir)]));
    assert.match(String((error as { code?: string }).code), /^SQLITE_BUSY/);
    assert.match(describeDatabaseError(error) ?? '', /locked by another process/);
    assert.equal(countArticles(site), before);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    importArticles(site.db, [aFreshPiece(site.dir)]);
    assert.equal(countArticles(site), before + 1);
  });
});

describe('a full disk (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-full-');
  const mountPoint = path.join(dir, 'disk');
  let mounted = false;
  let site: TestSite;
  before(async () => {
    fs.mkdirSync(mountPoint);
    try {
      // A real 3 MB filesystem, when we may mount one (root on Linux); otherwise SQLite's own size cap.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false;
    }
    site = await startSite({ env: { DATABASE_PATH: path.join(mountPoint, 'full.db') } });
  });
  after(async () => {
    await site.close();
    if (mounted) execFileSync('umount', [mountPoint]);
    cleanup();
  });

  it('fails the import whole with a clear "disk is full" error while reads keep serving', async (t) => {
    const before = countArticles(site);
    const bulk = path.join(dir, 'bulk');
    writeBulkContent(bulk, 150);
    if (mounted) {
      t.diagnostic('filling a 3 MB tmpfs');
      // Leave a little room, so SQLite fails partway through the import rather than at once.
      const filler = path.join(mountPoint, 'filler');
      const free = fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize;
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - 256 * 1024)));
    } else {
      t.diagnostic('mount is not permitted here: capping the database with PRAGMA max_page_count');
      site.db.pragma(`max_page_count = ${(site.db.pragma('page_count', { simple: true }) as number) + 40}`);
    }
    const error = importError(() => importArticles(site.db, [bulk]));
    assert.equal((error as { code?: string }).code, 'SQLITE_FULL');
    assert.match(describeDatabaseError(error) ?? '', /disk holding the database is full/);
    assert.equal(countArticles(site), before, 'nothing of the failed import was kept');
    await assertReadsServe(site.url);
    assert.equal(site.db.pragma('integrity_check', { simple: true }), 'ok');
  });
});

describe('a database folder deleted while the site runs (issue 8)', () => {
  let site: TestSite;
  before(async () => {
    site = await startSite();
    fs.rmSync(path.dirname(site.config.databasePath), { recursive: true, force: true });
  });
  after(() => site.close());

  it('keeps serving reads from the open file', async () => {
    await assertReadsServe(site.url);
  });

  it('reports the missing file on /healthz with a 503', async () => {
    const response = await site.get('/healthz');
    assert.equal(response.status, 503);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, 'error');
    assert.match(String(body.problem), /database file is missing/);
  });

  it('refuses form posts with a 503 page instead of writing into the deleted file', async () => {
    const response = await site.get('/opinion/full-piece/comments', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'body=hello',
    });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '60');
    assert.match(await response.text(), /We cannot save anything just now/);
  });
});

describe('a read-only database file, as a process bound by file permissions (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-readonly-');
  const databasePath = path.join(dir, 'data', 'site.db');
  const env = { DATABASE_PATH: databasePath, HOME: dir, CONTENT_DIR: fixtureContent };
  before(() => {
    const db = openDatabase(databasePath, migrationsDir);
    importArticles(db, [fixtureContent]);
    db.close();
    // The folder stays writable (SQLite needs its -shm file there to read); the database file does not.
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.dirname(databasePath), 0o777);
    fs.chmodSync(databasePath, 0o444);
  });
  after(cleanup);

  it('makes the CLI import exit 1 saying the database is read-only', async () => {
    const cli = spawnTs(cliEntry, ['import', aFreshPiece(dir)], env, { obeyPermissions: true });
    const { code } = await cli.exited;
    assert.equal(code, 1);
    assert.match(cli.stderr(), /^error: the database is read-only: check the permissions/m);
  });

  it('starts the server anyway, logs why the import failed, and serves what the database holds', async () => {
    const server = await spawnServer({ ...env, CONTENT_DIR: aFreshPiece(dir, 'unimportable') }, { obeyPermissions: true });
    try {
      await assertReadsServe(server.url);
      // The content folder is reconciled in the background once the site serves what the database holds.
      const line = await waitFor(
        () => server.logLines().find((l) => l.msg === 'content import failed; serving what the database already holds'),
        10_000,
        'the background import to log its failure',
      );
      assert.match(String(line?.problem), /read-only/);
      assert.equal((await fetch(`${server.url}/opinion/unimportable`)).status, 404);
    } finally {
      server.process.kill('SIGTERM');
      const exit = await server.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, server.stdout().filter((l) => !l.includes('"request"')).join('\n') + server.stderr());
    }
  });
});

describe('a database folder that cannot be created (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-nofolder-');
  // A folder only root may write to: a process bound by permissions cannot create data/ inside it.
  const env = { DATABASE_PATH: path.join(dir, 'locked', 'data', 'site.db'), HOME: dir, CONTENT_DIR: fixtureContent };
  before(() => {
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'locked'), 0o555);
  });
  after(cleanup);

  it('makes the CLI exit 1 naming the folder', async () => {
    const cli = spawnTs(cliEntry, ['import', fixtureContent], env, { obeyPermissions: true });
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.stderr(), /error: cannot create the database folder .*locked\/data: EACCES/);
  });

  it('makes the server refuse to start with a clear message, since there is nothing to read', async () => {
    const server = spawnTs(path.resolve(import.meta.dirname, '../../src/server.ts'), [], { ...env, PORT: '0', HOST: '127.0.0.1' }, { obeyPermissions: true });
    assert.equal((await server.exited).code, 1);
    const fatal = server.logLines().find((l) => l.level === 'fatal');
    assert.match(String(fatal?.problem), /cannot create the database folder .*EACCES/);
  });
});

describe('a read-only database folder, as a process bound by file permissions (issue 8)', () => {
  const { dir, cleanup } = tempDir('broadsheet-readonly-folder-');
  const databasePath = path.join(dir, 'data', 'site.db');
  const env = { DATABASE_PATH: databasePath, HOME: dir, CONTENT_DIR: fixtureContent };
  before(() => {
    const db = openDatabase(databasePath, migrationsDir);
    importArticles(db, [fixtureContent]);
    db.close();
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.dirname(databasePath), 0o555);
    fs.chmodSync(databasePath, 0o666);
  });
  after(cleanup);

  // SQLite in WAL mode must create its -shm file beside the database even to read, so nothing can be
  // served from a folder that became read-only while the site was down; the point is to say so plainly.
  it('makes the CLI and the server exit 1 saying the folder is read-only', async () => {
    const cli = spawnTs(cliEntry, ['import', fixtureContent], env, { obeyPermissions: true });
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.stderr(), /error: the database folder is read-only/);
    const server = spawnTs(path.resolve(import.meta.dirname, '../../src/server.ts'), [], { ...env, PORT: '0', HOST: '127.0.0.1' }, { obeyPermissions: true });
    assert.equal((await server.exited).code, 1);
    assert.match(String(server.logLines().find((l) => l.level === 'fatal')?.problem), /database folder is read-only/);
  });
});
