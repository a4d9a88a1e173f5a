import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { canConnect, findProgram, startChild, waitFor, type Child } from '../test/helpers/processes.js';

// Runs nginx with the shipped site config on loopback, for the nginx tests. The site never imports this file.

/** The shipped nginx site config (http context), which tests load with only its ports and cache path changed. */
export const shippedNginxConf = path.join(projectRoot, 'deploy', 'nginx', 'broadsheet.conf');

/** findNginx returns the path of the nginx binary, or undefined when nginx is not installed. */
export function findNginx(): string | undefined {
  return findProgram('nginx');
}

/**
 * nginxConfFor rewrites the shipped config's listen port (80), its two upstream servers (127.0.0.1:3000 and
 * :3001), its cache folder and its edge log file; one backend port serves for both upstream servers.
 */
export function nginxConfFor(conf: string, options: { port: number; backendPorts: readonly number[]; cacheDir: string; edgeLog: string }): string {
  const [first, second = first] = options.backendPorts;
  const replacements: [RegExp, string][] = [
    [/listen 80;/g, `listen 127.0.0.1:${options.port};`],
    [/server 127\.0\.0\.1:3000;/g, `server 127.0.0.1:${first};`],
    [/server 127\.0\.0\.1:3001;/g, `server 127.0.0.1:${second};`],
    [/\/var\/cache\/nginx\/broadsheet /g, `${options.cacheDir} `],
    [/\/var\/log\/nginx\/broadsheet-edge\.jsonl /g, `${options.edgeLog} `],
  ];
  let out = conf;
  for (const [pattern, replacement] of replacements) {
    if ((conf.match(pattern) ?? []).length !== 1) throw new Error(`the shipped nginx config must contain ${pattern.source} exactly once`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** An nginx started by startNginx. */
export interface Nginx extends Child {
  url: string;
  port: number;
  /** The edge log (the shipped broadsheet_edge format) nginx writes. */
  edgeLog: string;
}

/**
 * startNginx runs nginx in the foreground with the shipped config pointed at backendPorts, listening on
 * 127.0.0.1:port, everything it writes (pid, logs, temp files, cache) in workDir.
 */
export async function startNginx(options: { backendPorts: readonly number[]; port: number; workDir: string }): Promise<Nginx> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
  const dir = options.workDir;
  for (const sub of ['cache', 'temp', 'logs']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const site = path.join(dir, 'broadsheet.conf');
  fs.writeFileSync(site, nginxConfFor(fs.readFileSync(shippedNginxConf, 'utf8'), { ...options, cacheDir: path.join(dir, 'cache'), edgeLog: path.join(dir, 'logs', 'edge.jsonl') }));
  const temp = (name: string) => path.join(dir, 'temp', name);
  // What Debian's /etc/nginx/nginx.conf provides around conf.d/*.conf, with every path inside workDir. Run
  // as root (a CI container), workers would drop to an account that cannot write there: keep ours.
  const main = [
    `user ${os.userInfo().username};`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    `  client_body_temp_path ${temp('body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    `  access_log ${path.join(dir, 'logs', 'access.log')};`,
    `  include ${site};`,
    '}',
  ].join('\n');
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `${main}\n`);
  const errorLog = path.join(dir, 'logs', 'error.log');
  const args = ['-p', dir, '-c', conf, '-e', errorLog, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log ${errorLog};`];
  const child = startChild(nginx, args);
  const log = () => `${child.output()}${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''}`;
  try {
    await waitFor(() => canConnect(options.port), 15_000, `nginx on port ${options.port}`, { gone: () => child.process.exitCode !== null, intervalMs: 50 });
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${log()}`);
  }
  return { ...child, output: log, url: `http://127.0.0.1:${options.port}`, port: options.port, edgeLog: path.join(dir, 'logs', 'edge.jsonl') };
}
