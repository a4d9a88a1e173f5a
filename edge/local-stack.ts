import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../src/config.js';

// Helpers that run varnishd and app processes on loopback, for `npm run edge`, the edge tests and the edge
// benchmark. The site itself never imports this file.

/** The shipped VCL, which every local run uses with only its backend ports changed. */
export const shippedVcl = path.join(projectRoot, 'deploy', 'varnish', 'default.vcl');

/** findVarnishd returns the path of the varnishd binary, or undefined when Varnish is not installed. */
export function findVarnishd(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, 'varnishd')).find((file) => fs.existsSync(file));
}

/**
 * vclForBackends rewrites the shipped VCL's two backend ports (3000 and 3001) to ports; one port is used for
 * both backends, so the director still round-robins, over the same process.
 */
export function vclForBackends(vcl: string, ports: readonly number[]): string {
  const [first, second = first] = ports;
  let out = vcl;
  for (const [shipped, port] of [['3000', first], ['3001', second]] as const) {
    const pattern = new RegExp(`\\.port = "${shipped}";`, 'g');
    if ((vcl.match(pattern) ?? []).length !== 1) throw new Error(`the shipped VCL must have exactly one backend on port ${shipped}`);
    out = out.replace(pattern, `.port = "${port}";`);
  }
  return out;
}

/** freePort asks the kernel for a port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * waitFor polls check every 50 ms until it returns true (a rejection counts as not yet), throwing with what
 * after timeoutMs, or at once when gone() says the process being waited for has exited.
 */
export async function waitFor(what: string, check: () => Promise<boolean>, gone: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`${what} exited while starting`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A child process we started, with its output kept for error messages. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** stop sends SIGTERM (SIGKILL after 5 s) and resolves when the process has exited. */
  stop(): Promise<void>;
}

/** startChild spawns a command whose output is collected (and echoed when echo is set). */
export function startChild(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; echo?: string } = {}): Child {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.echo) for (const line of chunk.toString().split('\n').filter(Boolean)) process.stdout.write(`${options.echo} ${line}\n`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A varnishd started by startVarnish. */
export interface Varnish extends Child {
  url: string;
  port: number;
  workDir: string;
  /** counters reads the varnishstat counters matching a glob such as MAIN.backend_req or VBE.*.req. */
  counters(glob: string): Record<string, number>;
}

/**
 * startVarnish runs varnishd in the foreground with the shipped VCL pointed at backendPorts, listening on
 * 127.0.0.1:port, its working directory (shared memory log, compiled VCL) in workDir; the management CLI
 * listens on 127.0.0.1:adminPort when given (secret file in workDir), else not at all.
 */
export async function startVarnish(options: {
  backendPorts: readonly number[];
  port: number;
  workDir: string;
  adminPort?: number;
  memory?: string;
  echo?: string;
}): Promise<Varnish> {
  const varnishd = findVarnishd();
  if (!varnishd) throw new Error('varnishd is not installed (Debian: apt-get install varnish)');
  fs.mkdirSync(options.workDir, { recursive: true });
  const vclFile = path.join(options.workDir, 'broadsheet.vcl');
  fs.writeFileSync(vclFile, vclForBackends(fs.readFileSync(shippedVcl, 'utf8'), options.backendPorts));
  const admin = ['-T', 'none'];
  if (options.adminPort !== undefined) {
    const secret = path.join(options.workDir, 'secret');
    fs.writeFileSync(secret, `${randomUUID()}\n`, { mode: 0o600 });
    admin.splice(0, 2, '-T', `127.0.0.1:${options.adminPort}`, '-S', secret);
  }
  const args = [
    '-F',
    // No privilege separation: this is a local trial or test run by the current user, not a server.
    '-j', 'none',
    '-n', path.join(options.workDir, 'varnish'),
    '-a', `127.0.0.1:${options.port}`,
    ...admin,
    '-f', vclFile,
    '-s', `malloc,${options.memory ?? '64m'}`,
    '-l', '8m',
    '-p', 'thread_pools=1',
    '-p', 'thread_pool_min=10',
    '-p', 'thread_pool_max=200',
  ];
  const child = startChild(varnishd, args, { echo: options.echo });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor(`varnishd on port ${options.port}`, () => canConnect(options.port), () => child.process.exitCode !== null);
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return {
    ...child,
    url,
    port: options.port,
    workDir: options.workDir,
    counters(glob) {
      const result = spawnSync('varnishstat', ['-n', path.join(options.workDir, 'varnish'), '-1', '-j', '-f', glob], { encoding: 'utf8' });
      const parsed = JSON.parse(result.stdout) as { counters: Record<string, { value: number }> };
      return Object.fromEntries(Object.entries(parsed.counters).map(([name, { value }]) => [name, value]));
    },
  };
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

function builtServer(): string {
  const file = path.join(projectRoot, 'dist', 'server.js');
  if (!fs.existsSync(file)) throw new Error('the app is not built: run npm run build');
  return file;
}

/**
 * startAppProcess runs the site (`entry`, default the built server in dist/; a .ts entry runs through tsx)
 * as its own process on 127.0.0.1:port with env added, and resolves once it answers HTTP.
 */
export async function startAppProcess(options: { port: number; env: NodeJS.ProcessEnv; entry?: string; echo?: string }): Promise<Child & { url: string }> {
  const entry = options.entry ?? builtServer();
  const nodeArgs = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = startChild(process.execPath, nodeArgs, {
    env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    echo: options.echo,
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor(
      `the app on port ${options.port}`,
      async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).status === 200,
      () => child.process.exitCode !== null,
      30_000,
    );
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return { ...child, url };
}
