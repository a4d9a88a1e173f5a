import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Ports, waiting and child processes, written once for everything that starts our processes on loopback: the
// tests, and the tools around them (bench/, soak/, edge/ for `npm run edge`, audit/). It lives beside the
// other test helpers because the tests are its main user; the site itself (src/) never imports it.

const root = path.resolve(import.meta.dirname, '../..');
export const serverEntry = path.join(root, 'src/server.ts');
export const cliEntry = path.join(root, 'src/cli/main.ts');

/** freePort asks the kernel for a port that is free on 127.0.0.1 right now, for a child to listen on. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** canConnect tells whether something accepts TCP connections on 127.0.0.1:port. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * waitFor polls check (every intervalMs, default 20) until it returns a truthy value, and returns that value.
 * A check that throws or rejects counts as "not yet" (a server still starting refuses connections). It throws
 * naming what after timeoutMs, with the check's last error, or at once when gone() says the process being
 * waited for has exited.
 */
export async function waitFor<T>(
  check: () => T,
  timeoutMs: number,
  what: string,
  { gone, intervalMs = 20 }: { gone?: () => boolean; intervalMs?: number } = {},
): Promise<Truthy<Awaited<T>>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (gone?.()) throw new Error(`${what}: the process exited first`);
    try {
      const value = await check();
      if (value) return value as Truthy<Awaited<T>>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** findProgram returns the path of an installed program, looking in PATH and the sbin folders, or undefined. */
export function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

/** A process we started, its output kept (the last megabyte of each stream) for checks and error messages. */
export interface Child {
  process: ChildProcess;
  /** stdout returns the standard output's lines. */
  stdout(): string[];
  stderr(): string;
  /** output returns both streams as they arrived, interleaved. */
  output(): string;
  /** logLines returns stdout parsed as JSON log lines (non-JSON lines are skipped). */
  logLines(): Record<string, unknown>[];
  /** exited resolves with the exit code (or the signal that ended the process). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stop sends SIGTERM (SIGKILL after 15 s) and resolves when the process has exited. */
  stop(): Promise<void>;
}

// Enough for any test's log; a bound all the same, since `npm run edge` may run for hours.
const keptChars = 1_000_000;

/**
 * A bounded tail of a stream's text. Chunks are kept as they come and the oldest dropped once past the bound,
 * so each chunk costs its own length: copying the whole tail per chunk made a server under benchmark load
 * (a log line per request) cost its parent a core, and the benchmark measured the parent.
 */
function createTail(limit: number) {
  const chunks: string[] = [];
  let length = 0;
  return {
    add(chunk: string) {
      chunks.push(chunk);
      length += chunk.length;
      while (length - chunks[0]!.length >= limit) length -= chunks.shift()!.length;
    },
    text: () => chunks.join('').slice(-limit),
  };
}

/**
 * startChild spawns command with its output collected (and echoed to our stdout, each line prefixed, when echo
 * is set). Options go to spawn; stdin is closed and both streams are piped unless options.stdio says otherwise.
 */
export function startChild(command: string, args: string[], options: SpawnOptions & { echo?: string } = {}): Child {
  const { echo, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  const out = createTail(keptChars);
  const err = createTail(keptChars);
  const both = createTail(keptChars);
  const echoed = (chunk: string) => {
    if (echo) for (const line of chunk.split('\n').filter(Boolean)) process.stdout.write(`${echo} ${line}\n`);
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out.add(chunk);
    both.add(chunk);
    echoed(chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err.add(chunk);
    both.add(chunk);
    echoed(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stdout = () => out.text().split('\n').filter(Boolean);
  return {
    process: child,
    stdout,
    stderr: () => err.text(),
    output: () => both.text(),
    logLines: () =>
      stdout().flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // Longer than the server's own shutdown deadline (SHUTDOWN_TIMEOUT_MS, 10 s by default), so a slow drain
      // still ends with its final flush rather than a kill.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Capabilities that let root ignore file permissions. A child started without them (setpriv, util-linux) is
 * refused by a read-only file or folder as any other user would be, yet still reads the checkout, wherever it is:
 * running it as nobody failed in a checkout under a mktemp folder only root may enter.
 */
const permissionBypass = '-dac_override,-dac_read_search,-fowner';

/** obeyingPermissions returns the command and arguments that run node so file permissions apply to it, even as root. */
function obeyingPermissions(nodeArgs: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [process.execPath, nodeArgs];
  const setpriv = findProgram('setpriv');
  if (!setpriv) throw new Error('setpriv (Debian package util-linux) is needed to run a child that obeys file permissions as root');
  return [setpriv, ['--bounding-set', permissionBypass, '--', process.execPath, ...nodeArgs]];
}

/** How spawnTs starts a child: spawn's options, an echo prefix, and whether file permissions bind it even as root. */
export type SpawnTsOptions = SpawnOptions & { echo?: string; obeyPermissions?: boolean };

/**
 * spawnTs runs a script with node from the project root, env added to ours: a .ts entry (one of our sources,
 * no build needed) through tsx, a .js one (the build in dist/) as `npm start` would.
 */
export function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv, options: SpawnTsOptions = {}): Child {
  const { obeyPermissions, ...spawnOptions } = options;
  const nodeArgs = [...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry]), ...args];
  const [command, commandArgs] = obeyPermissions ? obeyingPermissions(nodeArgs) : [process.execPath, nodeArgs];
  return startChild(command, commandArgs, { cwd: root, ...spawnOptions, env: { ...process.env, ...env } });
}

/** A server child that is listening, with its base URL. */
export interface ServerChild extends Child {
  url: string;
}

/**
 * spawnServer starts the site (entry, default src/server.ts) on 127.0.0.1 and resolves once it serves. With
 * env.PORT unset (or 0) the kernel picks the port and the "serving" log line names it; with a port of ours,
 * readiness is the first 200 from /healthz, which works at any LOG_LEVEL and with WORKERS.
 */
export async function spawnServer(
  env: NodeJS.ProcessEnv,
  { entry = serverEntry, timeoutMs = 30_000, ...options }: SpawnTsOptions & { entry?: string; timeoutMs?: number } = {},
): Promise<ServerChild> {
  // Loopback only, whatever the caller's environment says.
  const child = spawnTs(entry, [], { PORT: '0', LOG_LEVEL: 'info', ...env, HOST: '127.0.0.1' }, options);
  const gone = () => child.process.exitCode !== null || child.process.signalCode !== null;
  const port = Number(env.PORT ?? 0);
  try {
    const url =
      port > 0
        ? await waitFor(
            async () => (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200 && `http://127.0.0.1:${port}`,
            timeoutMs,
            `the server to answer on port ${port}`,
            { gone, intervalMs: 50 },
          )
        : await waitFor(
            () => child.logLines().find((line) => line.msg === 'serving')?.port,
            timeoutMs,
            'the server to listen',
            { gone },
          ).then((chosen) => `http://127.0.0.1:${chosen as number}`);
    return { ...child, url };
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
}
