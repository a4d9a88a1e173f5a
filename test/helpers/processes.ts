import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const serverEntry = path.join(root, 'src/server.ts');
export const cliEntry = path.join(root, 'src/cli/main.ts');

/** A process started by a test, its output kept line by line. */
export interface Child {
  process: ChildProcess;
  stdout(): string[];
  stderr(): string;
  /** logLines returns stdout parsed as JSON log lines (non-JSON lines are skipped). */
  logLines(): Record<string, unknown>[];
  /** exited resolves with the exit code (or the signal that ended the process). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run as nobody when we are root, so file permissions bind the child as they would a real deployment. */
export const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/**
 * unprivilegedBlocked says why a child run as nobody cannot load our code here (a checkout inside a folder only
 * root may enter, such as a mktemp -d folder), or undefined when it can; permission tests skip with that reason.
 */
export function unprivilegedBlocked(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const probe = path.join(root, 'node_modules', 'tsx', 'package.json');
  const result = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(probe)})`], unprivileged);
  return result.status === 0 ? undefined : 'the user nobody cannot read this checkout, so permission tests cannot run here';
}

/** spawnTs runs one of our TypeScript entry points through tsx (no build needed), like `npm start` would. */
export function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const stdout = () => out.split('\n').filter(Boolean);
  return {
    process: child,
    stdout,
    stderr: () => err,
    logLines: () =>
      stdout().flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
  };
}

/** waitFor polls until check returns a value or timeoutMs passes. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A server child that is listening, with its base URL. */
export interface ServerChild extends Child {
  url: string;
}

/** spawnServer starts src/server.ts on 127.0.0.1 and an ephemeral port and waits for its "serving" log line. */
export async function spawnServer(env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Promise<ServerChild> {
  const child = spawnTs(serverEntry, [], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, options);
  const exitedEarly = child.exited.then(({ code }) => {
    throw new Error(`server exited with ${code} before serving:\n${child.stdout().join('\n')}\n${child.stderr()}`);
  });
  const ready = waitFor(() => child.logLines().find((line) => line.msg === 'serving'), 20_000, 'the server to listen');
  const line = await Promise.race([ready, exitedEarly]);
  return { ...child, url: `http://127.0.0.1:${line.port as number}` };
}
