import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { canConnect, findProgram, startChild, waitFor, type Child } from '../test/helpers/processes.js';

// Runs varnishd with the shipped VCL on loopback, for `npm run edge`, the edge tests and the edge benchmark;
// ports, waiting and processes come from test/helpers/processes.ts. The site itself never imports this file.

/** The shipped VCL, which every local run uses with only its backend ports changed. */
export const shippedVcl = path.join(projectRoot, 'deploy', 'varnish', 'default.vcl');

/** findVarnishd returns the path of the varnishd binary, or undefined when Varnish is not installed. */
export function findVarnishd(): string | undefined {
  return findProgram('varnishd');
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
    await waitFor(() => canConnect(options.port), 15_000, `varnishd on port ${options.port}`, { gone: () => child.process.exitCode !== null, intervalMs: 50 });
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

/** builtServer is the built site (dist/server.js) that `npm run edge` runs, failing clearly when it is not built. */
export function builtServer(): string {
  const file = path.join(projectRoot, 'dist', 'server.js');
  if (!fs.existsSync(file)) throw new Error('the app is not built: run npm run build');
  return file;
}

/** The shipped varnishncsa format: one JSON line per request in the edge log format (deploy/README.md). */
export const shippedLogFormat = path.join(projectRoot, 'deploy', 'varnish', 'edge-log.format');

/**
 * startVarnishLog runs varnishncsa against a varnishd started by startVarnish, appending every client
 * request (cache hits included, ESI subrequests not) to file in the shipped format, JSON-escaped (-j), times
 * in UTC. It waits until varnishncsa is attached to the shared memory log.
 */
export async function startVarnishLog(varnish: Varnish, file: string, echo?: string): Promise<Child> {
  const varnishncsa = findProgram('varnishncsa');
  if (!varnishncsa) throw new Error('varnishncsa is not installed (Debian: apt-get install varnish)');
  const child = startChild(varnishncsa, ['-n', path.join(varnish.workDir, 'varnish'), '-a', '-j', '-f', shippedLogFormat, '-w', file], {
    env: { ...process.env, TZ: 'UTC' },
    echo,
  });
  // varnishncsa creates (or opens) its file once it has attached to varnishd's log.
  await waitFor(() => fs.existsSync(file), 15_000, 'varnishncsa to open its log file', { gone: () => child.process.exitCode !== null, intervalMs: 50 });
  return child;
}
