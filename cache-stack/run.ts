// npm run edge: the built site as two app processes sharing one SQLite file, behind varnishd running the
// shipped VCL, varnishncsa writing its request log in the edge log format, and `visits ingest --follow`
// counting views from it, all on loopback, for trying the edge cache locally. Ctrl-C stops everything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config.js';
import { spawnServer, startChild, type Child } from '../test/helpers/processes.js';
import { builtServer, startVarnish, startVarnishLog } from './local-stack.js';

const usage = `Usage: npm run edge -- [--port 6081] [--admin-port 6082] [--app-ports 3000,3001]

Starts the built app (dist/) once per app port, sharing DATABASE_PATH, and varnishd with
deploy/varnish/default.vcl in front of them; varnishncsa writes every request in the edge log
format (deploy/varnish/edge-log.format) and \`visits ingest --follow\` counts views from it.
EDGE_INCLUDES defaults to on here (off caches whole pages) and VISITS_FROM to edge-log (origin
counts at the app instead, and nothing is ingested). Every other variable (DATABASE_PATH,
CONTENT_DIR, ...) is passed through.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6081' },
    'admin-port': { type: 'string', default: '6082' },
    'app-ports': { type: 'string', default: '3000,3001' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port);
const adminPort = Number(values['admin-port']);
const appPorts = values['app-ports'].split(',').map(Number);
if (![port, adminPort, ...appPorts].every((p) => Number.isInteger(p) && p > 0 && p < 65536) || appPorts.length < 1 || appPorts.length > 2) {
  console.error(`Ports must be integers from 1 to 65535, with one or two app ports.\n\n${usage}`);
  process.exit(2);
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-edge-'));
const started: Child[] = [];
let stopping = false;

// Ctrl-C in a terminal also signals the children, so their exits arrive while we are already stopping:
// only the first call stops everything and exits.
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nedge: stopping varnishd and the app processes');
  for (const child of [...started].reverse()) await child.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const env: NodeJS.ProcessEnv = {
  SITE_URL: `http://localhost:${port}`,
  EDGE_INCLUDES: 'on',
  VISITS_FROM: 'edge-log',
  // Varnish is the only client of the app processes: believe its X-Forwarded-For for the visitor count.
  TRUST_PROXY: 'loopback',
  ...process.env,
  PURGE_URL: `http://127.0.0.1:${port}/`,
};

try {
  // One after the other: each imports CONTENT_DIR at start-up, and two importers racing would contend.
  for (const [i, appPort] of appPorts.entries()) {
    const app = await spawnServer({ ...env, PORT: String(appPort) }, { entry: builtServer(), echo: `[app${i + 1}]` });
    started.push(app);
    app.process.once('exit', () => void stopAll(1));
  }
  const varnish = await startVarnish({ backendPorts: appPorts, port, adminPort, workDir, echo: '[varnish]' });
  started.push(varnish);
  varnish.process.once('exit', () => void stopAll(1));
  // The request log, hits included, and the ingest that counts views from it (with its checkpoint, so a
  // restarted stack neither loses nor counts twice a line of the same file).
  const edgeLog = path.join(workDir, 'edge-log.jsonl');
  const varnishLog = await startVarnishLog(varnish, edgeLog);
  started.push(varnishLog);
  varnishLog.process.once('exit', () => void stopAll(1));
  if (env.VISITS_FROM === 'edge-log') {
    const ingest = startChild(process.execPath, [path.join(projectRoot, 'dist', 'cli', 'main.js'), 'visits', 'ingest', '--follow', edgeLog], { env, echo: '[ingest]' });
    started.push(ingest);
    ingest.process.once('exit', () => void stopAll(1));
  }
  console.log(`
edge: Broadsheet through Varnish:  ${varnish.url}/   (X-Cache says HIT or MISS)
edge: the app processes directly: ${appPorts.map((p) => `http://127.0.0.1:${p}/`).join('  ')}
edge: edge includes ${env.EDGE_INCLUDES}; purges go to ${env.PURGE_URL}; views counted from ${env.VISITS_FROM === 'edge-log' ? `the log ${edgeLog}` : 'the origin'}
edge: varnishadm -n ${path.join(workDir, 'varnish')} backend.list    varnishstat -n ${path.join(workDir, 'varnish')}
edge: Ctrl-C stops everything.`);
} catch (error) {
  console.error(`edge: could not start: ${(error as Error).message}`);
  await stopAll(1);
}
