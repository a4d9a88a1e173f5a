import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Keys that may hold personal data if a caller ever passes them to the logger: we log neither raw client
// addresses nor emails nor what readers wrote, so these are censored wherever they appear.
const redactedPaths = [
  'ip', 'ips', 'remoteAddress', 'email', 'body', 'comment', 'headers.cookie', 'headers.authorization',
  '*.ip', '*.ips', '*.remoteAddress', '*.email', '*.body', '*.comment', '*.headers.cookie', '*.headers.authorization',
  'req.headers["x-forwarded-for"]', 'req.headers["x-real-ip"]',
];

/**
 * createLogger makes the process's JSON logger: one line per event with an ISO time, the level as a word,
 * and personal fields censored. Tests pass their own destination to read the lines back.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream | NodeJS.WritableStream } = {}): Logger {
  const destination = (options.destination as DestinationStream | undefined) ?? bufferedStdout();
  const format = {
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const logger = pino({ ...format, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
  unredactedTwins.set(logger, pino(format, destination));
  return logger;
}

const unredactedTwins = new WeakMap<Logger, Logger>();

/** stderrLogger is the logger a module falls back on when its caller passes none: warnings and errors, on stderr. */
export function stderrLogger(): Logger {
  return createLogger({ level: 'warn', destination: process.stderr });
}

/**
 * stderrLine prints one plain line on stderr, a warning marked as one: how a command-line run reports its
 * background work (edge purges), where a JSON line would be noise to the editor reading it.
 */
export function stderrLine(level: 'info' | 'warn', message: string): void {
  process.stderr.write(`${level === 'warn' ? 'warning: ' : ''}${message}\n`);
}

/**
 * requestLineLogger is the logger for the one summary line per request: the same destination, level and
 * format as logger, without the redaction pass. That line has fixed fields (id, method, scrubbed URL,
 * status, duration, size), none of them personal, and redacting it cost a tenth of a stored page's time.
 * It is made with the logger, at its level; for a logger made elsewhere (a test's), it is that logger.
 */
export function requestLineLogger(logger: Logger): Logger {
  return unredactedTwins.get(logger) ?? logger;
}

/**
 * bufferedStdout writes log lines to stdout in batches: a write per request cost a fifth of a cached page's
 * time. Lines are flushed at least every 100 ms, and synchronously when the process exits (pino's
 * destination registers that), so a fatal line before process.exit is never lost; only a SIGKILL can lose
 * the last tenth of a second.
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stream.flush(), 100).unref();
  return stream;
}

const emailLike = /[^\s/?&=@:]+@[^\s/?&=@:]+\.[^\s/?&=@:]+/g;
const encodedEmailLike = /[^\s/?&=:]+%40[^\s/?&=:]+\.[^\s/?&=:]+/gi;

/** scrubText removes anything shaped like an email address (plain or percent-encoded) from text bound for the logs. */
export function scrubText(text: string): string {
  // Most text has no @ at all (every request's URL passes here): skip the two scans then.
  if (!/@|%40/i.test(text)) return text;
  return text.replace(emailLike, '[email]').replace(encodedEmailLike, '[email]');
}
