import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { builtCli, runCli, type CliEnv } from '../helpers/cli.js';
import { logLine, mixedLog } from '../helpers/edge-log.js';
import { startChild, waitFor } from '../helpers/processes.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

const edgeLog = { VISITS_FROM: 'edge-log' };

// What the database holds for an article on 2026-11-28: read through a connection of our own, never the CLI's.
function totals(env: CliEnv, slug: string): { views: number; visitors: number } {
  const db = new BetterSqlite3(env.databasePath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT coalesce(sum(v.views), 0) AS views, coalesce(sum(v.visitors), 0) AS visitors
         FROM article_visits v JOIN articles a ON a.id = v.article_id WHERE a.slug = ? AND v.day = '2026-11-28'`,
      )
      .get(slug) as { views: number; visitors: number };
  } finally {
    db.close();
  }
}

function checkpointOffset(env: CliEnv, file: string): number {
  const db = new BetterSqlite3(env.databasePath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT byte_offset AS offset FROM edge_log_checkpoints WHERE path = ?').get(file) as { offset: number } | undefined;
    return row?.offset ?? 0;
  } finally {
    db.close();
  }
}

describe('npm run cli -- visits ingest (issue 15)', () => {
  let env: CliEnv;
  let cleanup: () => void;
  before(async () => {
    const temp = tempDir('broadsheet-visits-ingest-');
    cleanup = temp.cleanup;
    env = { cwd: temp.dir, databasePath: path.join(temp.dir, 'site.db'), contentDir: fixtureContent };
    assert.equal((await runCli(env, ['import', fixtureContent])).status, 0);
  });
  after(() => cleanup?.());

  it('counts the human views of a log file, reports bad lines without failing, and counts nothing twice when run again', async () => {
    const { lines, bad } = mixedLog({ slug: 'filler-01', humans: 200, readers: 40 });
    const file = path.join(env.cwd, 'access.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runCli(env, ['visits', 'ingest', file], { extraEnv: edgeLog });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^visits ingest: ${lines.length} lines: 200 counted as views, ${lines.length - 200 - bad} not views .*, ${bad} bad\\n$`));
    assert.match(run.stderr, /^bad line: not JSON: \{"time": "not a time"$/m);
    assert.deepEqual(totals(env, 'filler-01'), { views: 200, visitors: 40 });

    fs.appendFileSync(file, `${logLine({ url: '/opinion/filler-01', client: '192.0.2.200' })}\n`);
    const again = await runCli(env, ['visits', 'ingest', file], { extraEnv: edgeLog });
    assert.match(again.stdout, /^visits ingest: 1 lines \(resumed after \d+ bytes counted before\): 1 counted as views/);
    assert.deepEqual(totals(env, 'filler-01'), { views: 201, visitors: 41 });
  });

  it('reads standard input, and with --checkpoint skips what an earlier run of the same input counted', async () => {
    const input = `${[1, 2, 3].map((n) => logLine({ url: '/opinion/filler-02', client: `192.0.2.${n}` })).join('\n')}`;
    for (let i = 0; i < 2; i += 1) {
      const run = await runCli(env, ['visits', 'ingest', '-', '--checkpoint', 'replayed'], { input, extraEnv: edgeLog });
      assert.equal(run.status, 0, run.stderr);
    }
    assert.deepEqual(totals(env, 'filler-02'), { views: 3, visitors: 3 });
  });

  it('refuses to run while the site counts views itself', async () => {
    const run = await runCli(env, ['visits', 'ingest', '-'], { input: logLine() });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /VISITS_FROM is "origin"/);
  });

  it('gives the exact count when killed mid-stream (SIGKILL) and started again', async () => {
    const { lines } = mixedLog({ slug: 'filler-03', humans: 60_000, readers: 500, prefix: 'k' });
    const file = path.join(env.cwd, 'big.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const size = fs.statSync(file).size;
    const child = startChild(process.execPath, [builtCli(), 'visits', 'ingest', file], {
      env: { ...process.env, DATABASE_PATH: env.databasePath, CONTENT_DIR: env.contentDir, SITE_TIME_ZONE: 'UTC', ...edgeLog },
    });
    // Killed once at least one batch is committed, before the last.
    await waitFor(() => {
      try {
        return checkpointOffset(env, file) > 0;
      } catch {
        return false;
      }
    }, 60_000, 'the first committed batch', { gone: () => child.process.exitCode !== null, intervalMs: 5 });
    child.process.kill('SIGKILL');
    await child.exited;
    const killedAt = checkpointOffset(env, file);
    assert.ok(killedAt > 0 && killedAt < size, `killed mid-stream (${killedAt} of ${size} bytes)`);
    assert.ok(totals(env, 'filler-03').views < 60_000);

    const rest = await runCli(env, ['visits', 'ingest', file], { extraEnv: edgeLog });
    assert.equal(rest.status, 0, rest.stderr);
    assert.match(rest.stdout, new RegExp(`resumed after ${killedAt} bytes`));
    assert.deepEqual(totals(env, 'filler-03'), { views: 60_000, visitors: 500 });
  });
});
