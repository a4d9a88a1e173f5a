import fs from 'node:fs';
import http from 'node:http';
import { freePort, startChild, waitFor } from '../test/helpers/processes.js';

/** A server under test, running as its own process (so its memory is its own). */
export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to the first 200 on readyPath. */
  coldStartMs: number;
  /** rssBytes is the resident memory of the process and its children (cluster workers) now. */
  rssBytes(): number;
  /** cpuSeconds is the CPU time the process and its children have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  output(): string;
}

function children(pid: number): number[] {
  try {
    const list = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return list ? list.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

// sumOverTree adds read(pid) over a process and its descendants, from /proc (Linux).
function sumOverTree(pid: number, read: (pid: number) => number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      total += read(current);
    } catch {
      // The process ended between listing and reading.
    }
    stack.push(...children(current));
  }
  return total;
}

/** treeRss sums VmRSS over a process and its descendants, from /proc (Linux). */
export function treeRss(pid: number): number {
  return sumOverTree(pid, (current) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${current}/status`, 'utf8'))?.[1] ?? 0) * 1024);
}

// Linux counts process CPU time in clock ticks of 1/CLK_TCK s; 100 on every platform Node supports there.
const ticksPerSecond = 100;

/**
 * treeCpuSeconds sums the CPU time (user + system) a process and its descendants have used so far, from /proc
 * (Linux): a request's CPU cost moves less than requests per second when other work shares the cores.
 */
export function treeCpuSeconds(pid: number): number {
  const ticks = sumOverTree(pid, (current) => {
    // The fields after the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${current}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  });
  return ticks / ticksPerSecond;
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
  const started = performance.now();
  const child = startChild(process.execPath, args, { cwd, env: { ...env, PORT: String(port), HOST: '127.0.0.1' } });
  try {
    // Every 5 ms, not the usual 20: the moment of the first 200 is the cold start being measured.
    await waitFor(async () => (await fetch(`${url}${readyPath}`).then((r) => (r.body?.cancel(), r.status))) === 200, timeoutMs, `${name} to answer 200 on ${readyPath}`, {
      gone: () => child.process.exitCode !== null,
      intervalMs: 5,
    });
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}:\n${child.output()}`);
  }
  const coldStartMs = performance.now() - started;
  return {
    name,
    url,
    pid: child.process.pid!,
    coldStartMs,
    rssBytes: () => treeRss(child.process.pid!),
    cpuSeconds: () => treeCpuSeconds(child.process.pid!),
    output: child.output,
    stop: child.stop,
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
