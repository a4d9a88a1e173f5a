import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startAppProcess, startVarnish, type Child, type Varnish } from '../../src/edge/local-stack.js';
import { editArticle, mustHaveVarnish, varnishUnavailable, visitsIn } from '../helpers/edge.js';
import { fixtureContent, tempDir } from '../helpers/site.js';

const unavailable = varnishUnavailable();
if (unavailable && mustHaveVarnish) {
  it('has varnishd installed, as CI=true requires', () => assert.fail(unavailable));
}

const bot = { 'User-Agent': 'uptime-monitor/1.0' };

describe('two app processes sharing one SQLite file behind one Varnish (issue 9)', { skip: unavailable }, () => {
  const temp = { dir: '', cleanup: () => {} };
  let contentDir: string;
  let env: NodeJS.ProcessEnv;
  const apps: (Child & { url: string })[] = [];
  let varnish: Varnish;

  before(async () => {
    Object.assign(temp, tempDir('broadsheet-two-origins-'));
    const { dir } = temp;
    contentDir = path.join(dir, 'content');
    fs.cpSync(fixtureContent, contentDir, { recursive: true });
    const [varnishPort, port1, port2] = [await freePort(), await freePort(), await freePort()];
    env = {
      DATABASE_PATH: path.join(dir, 'shared.db'),
      CONTENT_DIR: contentDir,
      SITE_URL: 'http://broadsheet.test',
      EDGE_INCLUDES: 'on',
      PURGE_URL: `http://127.0.0.1:${varnishPort}/`,
    };
    // One after the other: both import CONTENT_DIR at start-up, and the second then finds nothing to write.
    apps.push(await startAppProcess({ port: port1, env, entry: 'src/server.ts' }));
    apps.push(await startAppProcess({ port: port2, env, entry: 'src/server.ts' }));
    varnish = await startVarnish({ backendPorts: [port1, port2], port: varnishPort, workDir: path.join(dir, 'varnish'), memory: '32m' });
  });
  after(async () => {
    await varnish?.stop();
    for (const app of apps) await app.stop();
    temp.cleanup();
  });

  it('shares the work between both processes and keeps one visit count', async () => {
    const before = visitsIn(await (await fetch(`${varnish.url}/opinion/full-piece`, { headers: bot })).text());
    const counts: number[] = [];
    for (let i = 0; i < 6; i += 1) counts.push(visitsIn(await (await fetch(`${varnish.url}/opinion/full-piece`)).text()));
    assert.deepEqual(counts, [1, 2, 3, 4, 5, 6].map((n) => before + n), 'every view counted once, whichever process took it');

    const requests = Object.entries(varnish.counters('VBE.*.req'));
    assert.equal(requests.length, 2);
    for (const [backend, count] of requests) assert.ok(count >= 3, `${backend} took ${count} requests`);

    const seen = await Promise.all(apps.map(async (app) => visitsIn(await (await fetch(`${app.url}/_fragments/visits/full-piece`, { headers: bot })).text())));
    assert.deepEqual(seen, [before + 6, before + 6], 'both processes read the same count');
  });

  it('shows an editor import to both processes and through the cache at once', async () => {
    assert.match(await (await fetch(`${varnish.url}/opinion/filler-02`)).text(), /Filler piece number 02/);
    editArticle(contentDir, '2026-09-02-filler-02.md', (text) => text.replace(/^title: .*$/m, 'title: Filler two, revised'));
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', contentDir], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let output = '';
    cli.stdout.on('data', (chunk) => (output += chunk));
    cli.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => cli.on('close', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /edge: purged /);

    for (const url of [...apps.map((app) => app.url), varnish.url]) {
      assert.match(await (await fetch(`${url}/opinion/filler-02`, { headers: bot })).text(), /Filler two, revised/, url);
    }
  });
});
