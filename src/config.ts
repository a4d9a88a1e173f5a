import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Everything the app needs to know about its environment, validated once at start-up. */
export interface Config {
  readonly port: number;
  readonly host: string | undefined;
  readonly databasePath: string;
  readonly contentDir: string;
  /** The processed images (src/media/store.ts), served under /media/. */
  readonly mediaDir: string;
  /** Whether imports fetch images named by an http(s) address (issue 19); off leaves them links to the original. */
  readonly imageFetch: boolean;
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
  /** Who counts views: the origin as it answers pages, or the cache's request log (visits ingest, /_edge/log). */
  readonly visitsFrom: 'origin' | 'edge-log';
  /** The bearer secret a CDN sends with POST /_edge/log; undefined refuses every push. */
  readonly edgeLogToken: string | undefined;
}

/** The project folder: views/, public/ and migrations/ live here, beside src/ and dist/. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

/** What reading one variable gave: its value, or the line the start-up error prints about it. */
type Parsed<T> = { value: T } | { problem: string };

/** What a parser may look at besides its own text: its name, other variables (as read) and the environment. */
interface ParseContext {
  name: string;
  read: (name: string) => string;
  env: NodeJS.ProcessEnv;
}

/** One environment variable: its name, its default (as text; '' for unset), what it means, how it is read. */
export interface ConfigVariable<T> {
  name: string;
  default: string;
  doc: string;
  parse: (raw: string, context: ParseContext) => Parsed<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ value });
const bad = (problem: string): Parsed<never> => ({ problem });
const text = (raw: string) => ok(raw);
const optional = (raw: string) => ok(raw || undefined);
const resolved = (raw: string) => ok(path.resolve(raw));

// Number() rather than a digits-only check, as PORT, PAGE_SIZE and SHUTDOWN_TIMEOUT_MS always accepted.
const integerIn =
  (min: number, max: number, what: string) =>
  (raw: string, { name }: ParseContext): Parsed<number> => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? ok(n) : bad(`${name} must be ${what} (got "${raw}")`);
  };

const wholeNumber =
  (min: number, max: number) =>
  (raw: string, { name }: ParseContext): Parsed<number> => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= min && n <= max ? ok(n) : bad(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  };

const flag =
  (words: string) =>
  (raw: string, { name }: ParseContext): Parsed<boolean> => {
    const value = parseBoolean(raw);
    return value === undefined ? bad(`${name} must be ${words} (got "${raw}")`) : ok(value);
  };

/**
 * configVariables is every environment variable Broadsheet reads, keyed by the Config field it fills, in the
 * order the start-up error lists problems. README.md's Configuration table lists the same names (a test checks).
 */
export const configVariables: { readonly [K in Exclude<keyof Config, 'rootDir'>]: ConfigVariable<Config[K]> } = {
  port: { name: 'PORT', default: '3000', doc: 'port to listen on', parse: integerIn(0, 65535, 'an integer from 0 to 65535') },
  host: { name: 'HOST', default: '', doc: 'address to bind; unset binds all interfaces', parse: optional },
  databasePath: { name: 'DATABASE_PATH', default: 'data/broadsheet.db', doc: 'the SQLite file', parse: resolved },
  contentDir: { name: 'CONTENT_DIR', default: 'content', doc: 'folder of Markdown pieces and authors.yaml', parse: resolved },
  mediaDir: {
    name: 'MEDIA_DIR',
    default: '',
    doc: 'processed images, served under /media/; unset means media/ beside DATABASE_PATH',
    // Beside the database by default: the variants are derived data, like the database, and backed up with it.
    parse: (raw, { read }) => resolved(raw || path.join(path.dirname(path.resolve(read('DATABASE_PATH'))), 'media')),
  },
  imageFetch: {
    name: 'IMAGE_FETCH',
    default: 'on',
    doc: 'imports fetch images named by an http(s) address; off leaves each a link to the original (an offline newsroom, a test run)',
    parse: flag('on or off'),
  },
  siteUrl: {
    name: 'SITE_URL',
    default: '',
    doc: 'the public address; unset means http://localhost:$PORT',
    parse: (raw, { read }) => {
      const port = Number(read('PORT'));
      const url = raw || `http://localhost:${Number.isInteger(port) ? port : 3000}`;
      try {
        const parsed = new URL(url);
        if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return ok(parsed.href.replace(/\/+$/, ''));
      } catch {
        // Reported below, like a URL of another scheme.
      }
      return bad(`SITE_URL must be an absolute http(s) URL (got "${url}")`);
    },
  },
  siteName: { name: 'SITE_NAME', default: 'Broadsheet', doc: 'name in the masthead and titles', parse: text },
  siteDescription: {
    name: 'SITE_DESCRIPTION',
    default: 'Argument, analysis and dissent: the opinion pages of Broadsheet.',
    doc: 'home page description',
    parse: text,
  },
  timeZone: {
    name: 'SITE_TIME_ZONE',
    default: 'UTC',
    doc: 'IANA zone for dates shown to readers, and for imported dates written without one',
    parse: (raw) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: raw });
        return ok(raw);
      } catch {
        return bad(`SITE_TIME_ZONE must be an IANA time zone such as "Europe/London" (got "${raw}")`);
      }
    },
  },
  pageSize: { name: 'PAGE_SIZE', default: '12', doc: 'pieces per index page', parse: integerIn(1, 100, 'an integer from 1 to 100') },
  showErrorDetails: { name: 'SHOW_ERROR_DETAILS', default: 'false', doc: 'stack traces on error pages', parse: flag('true or false') },
  trustProxy: {
    name: 'TRUST_PROXY',
    default: 'false',
    doc: "Express 'trust proxy'",
    parse: (raw) => {
      const value = parseTrustProxy(raw);
      return value === undefined
        ? bad(`TRUST_PROXY must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses/subnets (got "${raw}")`)
        : ok(value);
    },
  },
  logLevel: {
    name: 'LOG_LEVEL',
    default: 'info',
    doc: 'least severe log level written',
    parse: (raw) => (logLevels.includes(raw.toLowerCase()) ? ok(raw.toLowerCase()) : bad(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${raw}")`)),
  },
  shutdownTimeoutMs: {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    doc: 'how long in-flight requests may take after SIGTERM',
    parse: integerIn(0, 600_000, 'a whole number of milliseconds up to 600000'),
  },
  commentSecret: {
    name: 'COMMENT_SECRET',
    default: '',
    doc: 'key that signs comment forms; unset generates one',
    parse: (raw) => (raw !== '' && raw.length < 32 ? bad('COMMENT_SECRET must be at least 32 characters (or unset, to generate one)') : optional(raw)),
  },
  commentsAutoApprove: { name: 'COMMENTS_AUTO_APPROVE', default: 'false', doc: 'publish comments at once', parse: flag('true or false') },
  commentsCloseAfterDays: { name: 'COMMENTS_CLOSE_AFTER_DAYS', default: '0', doc: 'days comments stay open', parse: wholeNumber(0, 36500) },
  commentMaxLinks: { name: 'COMMENT_MAX_LINKS', default: '2', doc: 'links a comment may carry and still be published at once', parse: wholeNumber(0, 100) },
  commentFormMinSeconds: { name: 'COMMENT_FORM_MIN_SECONDS', default: '3', doc: 'a form sent back sooner is a bot', parse: wholeNumber(0, 3600) },
  commentFormMaxHours: { name: 'COMMENT_FORM_MAX_HOURS', default: '24', doc: 'a form older has expired', parse: wholeNumber(1, 720) },
  commentRateLimit: { name: 'COMMENT_RATE_LIMIT', default: '5', doc: 'comment posts per client in each window', parse: wholeNumber(1, 10000) },
  commentRateWindowMinutes: { name: 'COMMENT_RATE_WINDOW_MINUTES', default: '10', doc: 'the comment rate-limit window', parse: wholeNumber(1, 1440) },
  searchRateLimit: { name: 'SEARCH_RATE_LIMIT', default: '30', doc: 'searches per client per minute', parse: wholeNumber(1, 100000) },
  visitFlushSeconds: { name: 'VISIT_FLUSH_SECONDS', default: '5', doc: 'how often counted views are written', parse: wholeNumber(1, 3600) },
  workers: {
    name: 'WORKERS',
    // Unset: one per core when NODE_ENV is production, else one (development, tests).
    default: '',
    doc: 'server processes (node:cluster)',
    parse: (raw, context) => (raw === '' ? ok(context.env.NODE_ENV === 'production' ? os.availableParallelism() : 1) : wholeNumber(1, 64)(raw, context)),
  },
  pageCacheBytes: {
    name: 'PAGE_CACHE_MB',
    default: '64',
    doc: 'memory per process for rendered pages, in megabytes',
    parse: (raw) => {
      const mb = Number(raw);
      return raw === '' || !Number.isFinite(mb) || mb < 0 || mb > 4096
        ? bad(`PAGE_CACHE_MB must be a number of megabytes from 0 to 4096 (got "${raw}")`)
        : ok(Math.round(mb * 1024 * 1024));
    },
  },
  purgeUrl: {
    name: 'PURGE_URL',
    default: '',
    doc: 'where edge-cache purges go; unset turns purging off',
    parse: (raw) => (raw !== '' && !/^https?:\/\/[^/]/.test(raw) ? bad(`PURGE_URL must be an absolute http(s) URL or empty (got "${raw}")`) : optional(raw)),
  },
  edgeIncludes: { name: 'EDGE_INCLUDES', default: 'off', doc: 'ESI includes behind a cache that can assemble them', parse: flag('on or off') },
  visitsFrom: {
    name: 'VISITS_FROM',
    default: 'origin',
    doc: 'who counts views: origin, or edge-log (the cache\'s request log)',
    parse: (raw, { name }) => (raw === 'origin' || raw === 'edge-log' ? ok(raw) : bad(`${name} must be origin or edge-log (got "${raw}")`)),
  },
  edgeLogToken: {
    name: 'EDGE_LOG_TOKEN',
    default: '',
    doc: 'bearer secret for POST /_edge/log; unset refuses pushes',
    parse: (raw) => (raw !== '' && raw.length < 32 ? bad('EDGE_LOG_TOKEN must be at least 32 characters (or unset, to refuse log pushes)') : optional(raw)),
  },
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
  const defaults = new Map(Object.values(configVariables).map((v) => [v.name, v.default]));
  // Unset or empty means the default; anything else is trimmed, so "  " is an empty value, not the default.
  const read = (name: string): string => {
    const raw = env[name];
    return raw === undefined || raw === '' ? (defaults.get(name) ?? '') : raw.trim();
  };
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(configVariables) as [string, ConfigVariable<unknown>][]) {
    const parsed = variable.parse(read(variable.name), { name: variable.name, read, env });
    if ('problem' in parsed) problems.push(parsed.problem);
    else values[key] = parsed.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...(values as Omit<Config, 'rootDir'>), rootDir: projectRoot, ...overrides });
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
