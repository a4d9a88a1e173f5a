import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Everything the app needs to know about its environment, validated once at start-up. */
export interface Config {
  readonly port: number;
  readonly host: string | undefined;
  readonly databasePath: string;
  readonly contentDir: string;
  readonly siteUrl: string;
  readonly siteName: string;
  readonly siteDescription: string;
  readonly timeZone: string;
  readonly pageSize: number;
  readonly showErrorDetails: boolean;
  readonly rootDir: string;
  /** Express 'trust proxy': false, true, a hop count, or addresses/subnets of the proxies in front of us. */
  readonly trustProxy: boolean | number | string[];
  /** pino level for the JSON logs: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: string;
  /** How long a SIGTERM waits for in-flight requests before closing their connections. */
  readonly shutdownTimeoutMs: number;
  /** Signs comment form tokens; undefined means generate one and keep it in the database. */
  readonly commentSecret: string | undefined;
  readonly commentsAutoApprove: boolean;
  /** Comments close this many days after publication; 0 keeps them open. */
  readonly commentsCloseAfterDays: number;
  /** A comment with more links than this always waits for a moderator. */
  readonly commentMaxLinks: number;
  readonly commentFormMinSeconds: number;
  readonly commentFormMaxHours: number;
  /** Comment posts allowed per visitor address in each rate window. */
  readonly commentRateLimit: number;
  readonly commentRateWindowMinutes: number;
  /** Searches each visitor address may run per minute (answers already cached do not count). */
  readonly searchRateLimit: number;
  /** How often the visit counter writes its tallies to the database. */
  readonly visitFlushSeconds: number;
  /** Server processes to run with node:cluster; 1 means no cluster. */
  readonly workers: number;
  /** Memory each process may spend on rendered pages, compressed variants included. */
  readonly pageCacheBytes: number;
  /** Where edge-cache purges go (e.g. Varnish at http://127.0.0.1:6081/); undefined turns purging off. */
  readonly purgeUrl: string | undefined;
  /** Emit the visit counter and comments as ESI includes when the cache in front says it can assemble them. */
  readonly edgeIncludes: boolean;
}

/** The project folder: views/, public/ and migrations/ live here, beside src/ and dist/. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

const defaults = {
  PORT: '3000',
  HOST: '',
  DATABASE_PATH: 'data/broadsheet.db',
  CONTENT_DIR: 'content',
  SITE_URL: '',
  SITE_NAME: 'Broadsheet',
  SITE_DESCRIPTION: 'Argument, analysis and dissent: the opinion pages of Broadsheet.',
  SITE_TIME_ZONE: 'UTC',
  PAGE_SIZE: '12',
  SHOW_ERROR_DETAILS: 'false',
  TRUST_PROXY: 'false',
  LOG_LEVEL: 'info',
  SHUTDOWN_TIMEOUT_MS: '10000',
  COMMENT_SECRET: '',
  COMMENTS_AUTO_APPROVE: 'false',
  COMMENTS_CLOSE_AFTER_DAYS: '0',
  COMMENT_MAX_LINKS: '2',
  COMMENT_FORM_MIN_SECONDS: '3',
  COMMENT_FORM_MAX_HOURS: '24',
  COMMENT_RATE_LIMIT: '5',
  COMMENT_RATE_WINDOW_MINUTES: '10',
  SEARCH_RATE_LIMIT: '30',
  VISIT_FLUSH_SECONDS: '5',
  // Empty: one per core when NODE_ENV is production, else one (development, tests).
  WORKERS: '',
  PAGE_CACHE_MB: '64',
  PURGE_URL: '',
  EDGE_INCLUDES: 'off',
};

/** ConfigError lists every invalid variable at once, so one start-up attempt shows all that is wrong. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** loadConfig reads the environment (the only place that does) and returns a frozen, validated Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const value = (name: keyof typeof defaults): string => {
    const raw = env[name];
    return raw === undefined || raw === '' ? defaults[name] : raw.trim();
  };
  const problems: string[] = [];

  const port = Number(value('PORT'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${value('PORT')}")`);
  }
  const pageSize = Number(value('PAGE_SIZE'));
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    problems.push(`PAGE_SIZE must be an integer from 1 to 100 (got "${value('PAGE_SIZE')}")`);
  }
  const timeZone = value('SITE_TIME_ZONE');
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    problems.push(`SITE_TIME_ZONE must be an IANA time zone such as "Europe/London" (got "${timeZone}")`);
  }
  let siteUrl = value('SITE_URL') || `http://localhost:${Number.isInteger(port) ? port : 3000}`;
  try {
    const url = new URL(siteUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    siteUrl = url.href.replace(/\/+$/, '');
  } catch {
    problems.push(`SITE_URL must be an absolute http(s) URL (got "${siteUrl}")`);
  }
  const showErrorDetails = parseBoolean(value('SHOW_ERROR_DETAILS'));
  if (showErrorDetails === undefined) {
    problems.push(`SHOW_ERROR_DETAILS must be true or false (got "${value('SHOW_ERROR_DETAILS')}")`);
  }
  const trustProxy = parseTrustProxy(value('TRUST_PROXY'));
  if (trustProxy === undefined) {
    problems.push(
      `TRUST_PROXY must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses/subnets (got "${value('TRUST_PROXY')}")`,
    );
  }
  const logLevel = value('LOG_LEVEL').toLowerCase();
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${value('LOG_LEVEL')}")`);
  const shutdownTimeoutMs = Number(value('SHUTDOWN_TIMEOUT_MS'));
  if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs < 0 || shutdownTimeoutMs > 600_000) {
    problems.push(`SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds up to 600000 (got "${value('SHUTDOWN_TIMEOUT_MS')}")`);
  }
  const integer = (name: keyof typeof defaults, min: number, max: number): number => {
    const parsed = Number(value(name));
    if (!/^\d+$/.test(value(name)) || parsed < min || parsed > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value(name)}")`);
    }
    return parsed;
  };
  const commentSecret = value('COMMENT_SECRET') || undefined;
  if (commentSecret !== undefined && commentSecret.length < 32) {
    problems.push('COMMENT_SECRET must be at least 32 characters (or unset, to generate one)');
  }
  const commentsAutoApprove = parseBoolean(value('COMMENTS_AUTO_APPROVE'));
  if (commentsAutoApprove === undefined) {
    problems.push(`COMMENTS_AUTO_APPROVE must be true or false (got "${value('COMMENTS_AUTO_APPROVE')}")`);
  }
  const commentsCloseAfterDays = integer('COMMENTS_CLOSE_AFTER_DAYS', 0, 36500);
  const commentMaxLinks = integer('COMMENT_MAX_LINKS', 0, 100);
  const commentFormMinSeconds = integer('COMMENT_FORM_MIN_SECONDS', 0, 3600);
  const commentFormMaxHours = integer('COMMENT_FORM_MAX_HOURS', 1, 720);
  const commentRateLimit = integer('COMMENT_RATE_LIMIT', 1, 10000);
  const commentRateWindowMinutes = integer('COMMENT_RATE_WINDOW_MINUTES', 1, 1440);
  const searchRateLimit = integer('SEARCH_RATE_LIMIT', 1, 100000);
  const visitFlushSeconds = integer('VISIT_FLUSH_SECONDS', 1, 3600);
  const workers = value('WORKERS') === '' ? (env.NODE_ENV === 'production' ? os.availableParallelism() : 1) : integer('WORKERS', 1, 64);
  const pageCacheMb = Number(value('PAGE_CACHE_MB'));
  if (value('PAGE_CACHE_MB').trim() === '' || !Number.isFinite(pageCacheMb) || pageCacheMb < 0 || pageCacheMb > 4096) {
    problems.push(`PAGE_CACHE_MB must be a number of megabytes from 0 to 4096 (got "${value('PAGE_CACHE_MB')}")`);
  }
  const purgeUrl = value('PURGE_URL') || undefined;
  if (purgeUrl !== undefined && !/^https?:\/\/[^/]/.test(purgeUrl)) {
    problems.push(`PURGE_URL must be an absolute http(s) URL or empty (got "${purgeUrl}")`);
  }
  const edgeIncludes = parseBoolean(value('EDGE_INCLUDES'));
  if (edgeIncludes === undefined) problems.push(`EDGE_INCLUDES must be on or off (got "${value('EDGE_INCLUDES')}")`);
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    port,
    host: value('HOST') || undefined,
    databasePath: path.resolve(value('DATABASE_PATH')),
    contentDir: path.resolve(value('CONTENT_DIR')),
    siteUrl,
    siteName: value('SITE_NAME'),
    siteDescription: value('SITE_DESCRIPTION'),
    timeZone,
    pageSize,
    showErrorDetails: showErrorDetails ?? false,
    rootDir: projectRoot,
    trustProxy: trustProxy ?? false,
    logLevel,
    shutdownTimeoutMs,
    commentSecret,
    commentsAutoApprove: commentsAutoApprove ?? false,
    commentsCloseAfterDays,
    commentMaxLinks,
    commentFormMinSeconds,
    commentFormMaxHours,
    commentRateLimit,
    commentRateWindowMinutes,
    searchRateLimit,
    visitFlushSeconds,
    workers,
    pageCacheBytes: Math.round(pageCacheMb * 1024 * 1024),
    purgeUrl,
    edgeIncludes: edgeIncludes ?? false,
    ...overrides,
  });
}

function parseBoolean(raw: string): boolean | undefined {
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  return undefined;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

// Mirrors what Express accepts for 'trust proxy', checked here so a typo fails at start-up, not per request.
function parseTrustProxy(raw: string): boolean | number | string[] | undefined {
  const bool = parseBoolean(raw);
  if (bool !== undefined && !/^[01]$/.test(raw)) return bool;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const items = raw.split(',').map((item) => item.trim());
  const valid = items.every((item) => {
    if (proxyNames.has(item)) return true;
    const [address, prefix, extra] = item.split('/');
    if (extra !== undefined || !address || isIP(address) === 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
  });
  return items.length > 0 && valid ? items : undefined;
}
