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
    ...overrides,
  });
}

function parseBoolean(raw: string): boolean | undefined {
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  return undefined;
}
