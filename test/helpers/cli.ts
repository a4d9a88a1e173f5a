import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * builtCli returns the CLI that ships, dist/cli/main.js as `npm run build` compiles it (`npm test` builds first),
 * so the tests run what an editor runs, worker threads included. Run on its own after editing src/, a test file
 * refuses a build older than the sources rather than testing stale code.
 */
export function builtCli(): string {
  const built = path.join(root, 'dist', 'cli', 'main.js');
  if (!fs.existsSync(built)) throw new Error('dist/cli/main.js is missing: run npm run build (npm test does)');
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = fs
    .readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .find((file) => file.endsWith('.ts') && fs.statSync(path.join(root, 'src', file)).mtimeMs > builtAt);
  if (newer) throw new Error(`src/${newer} is newer than dist/: run npm run build (npm test does)`);
  return built;
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
 * runCli spawns the built CLI (builtCli) and resolves when it exits. It is asynchronous
 * so a test can serve a feed over HTTP while the CLI fetches it.
 */
export async function runCli(env: CliEnv, args: string[], options: { input?: string | Buffer; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const cli = builtCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: env.cwd,
      // IMAGE_FETCH=off: fixtures name images on example.com, and a test never reaches the internet. The tests
      // of fetching turn it on against loopback, which the importer's address policy refuses by itself.
      env: { ...process.env, DATABASE_PATH: env.databasePath, CONTENT_DIR: env.contentDir, SITE_TIME_ZONE: 'UTC', IMAGE_FETCH: 'off', ...options.extraEnv },
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
