import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importArticles } from '../../src/content/import.js';
import { openDatabase } from '../../src/db/open.js';
import { fixtureContent, migrationsDir, tempDir } from '../helpers/site.js';

const serverEntry = path.resolve(import.meta.dirname, '../../src/server.ts');

/** freePort asks the system for a port nobody is using, for a child process to listen on. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** poll retries check every 50 ms until it returns true or the deadline passes. */
async function poll(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('WORKERS=2: one primary, two workers, one database (issue 6)', () => {
  const { dir, cleanup } = tempDir();
  const content = path.join(dir, 'content');
  const databasePath = path.join(dir, 'site.db');
  let child: ChildProcess;
  let output = '';
  let url = '';
  before(async () => {
    fs.cpSync(fixtureContent, content, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
      env: { ...process.env, WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, CONTENT_DIR: content },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const up = await poll(async () => (await fetch(`${url}/`)).status === 200, 15_000);
    assert.ok(up, `server did not start:\n${output}`);
    // Both workers listen before the test counts them.
    await poll(async () => (output.match(/"msg":"serving"/g)?.length ?? 0) === 2, 5_000);
  });
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    cleanup();
  });

  it('imports once in the primary, then serves from two worker processes', () => {
    assert.equal(output.match(/"created":17,.*"msg":"content imported"/g)?.length, 1, output);
    assert.match(output, /"workers":2,"msg":"workers started"/);
    const pids = new Set([...output.matchAll(/"pid":(\d+),[^\n]*"msg":"serving"/g)].map((m) => m[1]));
    assert.equal(pids.size, 2, output);
  });

  it('shows every worker an import made by another process within a second or so', async () => {
    const piece = path.join(content, 'articles', '2026-10-01-full-piece.md');
    // Requests spread over both workers, so each caches the page before the change.
    for (let i = 0; i < 6; i += 1) await (await fetch(`${url}/opinion/full-piece`)).text();
    fs.writeFileSync(piece, fs.readFileSync(piece, 'utf8').replace('with every field', 'seen by all workers'));
    const db = openDatabase(databasePath, migrationsDir);
    try {
      importArticles(db, [content]);
    } finally {
      db.close();
    }
    const fresh = async () => {
      const pages = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${url}/opinion/full-piece`)).text()));
      return pages.every((html) => html.includes('seen by all workers'));
    };
    assert.ok(await poll(fresh, 5_000), 'every worker serves the new version');
  });

  it('stops the workers and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(output, /"signal":"SIGTERM","workers":2,"msg":"stopping workers"/);
  });
});

describe('WORKERS=2 with bad content (issue 6)', () => {
  it('exits 1 with the problems and starts no worker, as a single process would', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const content = path.join(dir, 'content');
      fs.cpSync(fixtureContent, content, { recursive: true });
      fs.writeFileSync(path.join(content, 'articles', '2026-11-01-broken.md'), '---\ntitle: Broken\n---\nNo date, no author.\n');
      const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
        env: { ...process.env, WORKERS: '2', PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'site.db'), CONTENT_DIR: content },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 1, output);
      assert.match(output, /could not start: the content folder has problems/);
      assert.match(output, /2026-11-01-broken\.md/);
      assert.doesNotMatch(output, /workers started|"msg":"serving"/);
    } finally {
      cleanup();
    }
  });
});
