import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');
const cliEntry = path.join(root, 'src/cli/main.ts');

// The CLI is bundled from src/ (with its dependencies, except the native SQLite binding) once per test file
// and run with plain node: starting it through tsx, resolving every package on each start, costs ten times
// as much per run, and these tests spawn it dozens of times. The bundle lives in dist/ so that the project
// root (for migrations/) is where the compiled CLI would find it.
const bundle = path.join(root, 'dist', `.cli-test-${process.pid}.mjs`);
let built: Promise<unknown> | undefined;
function buildCli(): Promise<unknown> {
  built ??= build({
    entryPoints: [cliEntry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    outfile: bundle,
    logLevel: 'error',
    // Bundled CommonJS packages call require() for Node's own modules; ESM has none, so give it one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return built;
}
after(() => fs.rmSync(bundle, { force: true }));

/** builtCli builds the CLI bundle (once per test file) and returns its path, for tests that spawn it themselves. */
export async function builtCli(): Promise<string> {
  await buildCli();
  return bundle;
}

/** What a spawned CLI run printed and how it exited. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment and working folder one test's CLI runs share. */
export interface CliEnv {
  cwd: string;
  databasePath: string;
  contentDir: string;
}

/**
 * runCli spawns the real CLI, built from the current sources, and resolves when it exits. It is asynchronous
 * so a test can serve a feed over HTTP while the CLI fetches it.
 */
export async function runCli(env: CliEnv, args: string[], options: { input?: string | Buffer; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  await buildCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: env.cwd,
      env: { ...process.env, DATABASE_PATH: env.databasePath, CONTENT_DIR: env.contentDir, SITE_TIME_ZONE: 'UTC', ...options.extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * databaseHash is the SHA-256 of the database file. Every CLI run closes its connection, which checkpoints
 * the write-ahead log into the file and removes it, so the file alone holds the whole database.
 */
export function databaseHash(file: string): string {
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw new Error(`${wal} still holds changes; a connection is open`);
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** inBatches runs async jobs at most `size` at a time: the machine running tests has two cores. */
export async function inBatches<T, R>(items: readonly T[], size: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(job))));
  return results;
}
