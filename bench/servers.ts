import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

/** A server under test, running as its own process (so its memory is its own). */
export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to the first 200 on readyPath. */
  coldStartMs: number;
  /** rssBytes is the resident memory of the process and its children (cluster workers) now. */
  rssBytes(): number;
  stop(): Promise<void>;
  output(): string;
}

/** freePort asks the system for an unused loopback port. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function children(pid: number): number[] {
  try {
    const list = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return list ? list.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

/** treeRss sums VmRSS over a process and its descendants, from /proc (Linux). */
export function treeRss(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${current}/status`, 'utf8'))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // The process ended between listing and reading.
    }
    stack.push(...children(current));
  }
  return total;
}

/**
 * startServer spawns `node args…` with env (PORT is added), polls readyPath every 5 ms and resolves when
 * it first answers 200, recording how long that took. It gives up after timeoutMs.
 */
export async function startServer(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { readyPath = '/', timeoutMs = 120_000, cwd = process.cwd() }: { readyPath?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let coldStartMs = -1;
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before answering:\n${log}`);
    const status = await fetch(`${url}${readyPath}`).then((r) => (r.body?.cancel(), r.status), () => 0);
    if (status === 200) {
      coldStartMs = performance.now() - started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (coldStartMs < 0) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not answer 200 on ${readyPath} within ${timeoutMs} ms:\n${log}`);
  }
  return {
    name,
    url,
    pid: child.pid!,
    coldStartMs,
    rssBytes: () => treeRss(child.pid!),
    output: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** RssSampler records the peak of a process tree's resident memory, sampled every intervalMs. */
export function sampleRss(server: RunningServer, intervalMs = 100): { peakBytes(): number; stop(): void } {
  let peak = server.rssBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, server.rssBytes());
  }, intervalMs);
  return {
    peakBytes: () => Math.max(peak, server.rssBytes()),
    stop: () => clearInterval(timer),
  };
}

/** rawGet fetches url with node:http and returns the body as sent, not decompressed (fetch would decode it). */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
