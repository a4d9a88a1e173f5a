import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.js';
import { formatProblem, type Problem } from '../content/content-error.js';

/** Exit codes shared by every command, as documented in docs/editors-cli.md. */
export const exitCodes = { ok: 0, invalidInput: 1, usage: 2, someSkipped: 3 } as const;

/** UsageError means the command line itself was wrong: exit code 2 with the command's help hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command needs from the outside world, passed in so commands hold no globals. */
export interface CliContext {
  config: Config;
  /** Opens (and migrates) the database on first call; commands call it after their arguments are checked. */
  openDb: () => Database;
  print: (line: string) => void;
  printError: (line: string) => void;
  now: () => number;
  /** Whether standard error is a terminal: progress lines are shown only there. */
  interactive: boolean;
  writeProgress: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Asks a question on the terminal and returns the answer, or undefined when standard input has ended. */
  ask: (question: string) => Promise<string | undefined>;
}

/** parseCommandArgs parses a command's arguments, turning node's parse errors into usage errors. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

// C0 controls but tab and newline, DEL, C1 controls (U+009B alone starts a terminal command), and the bidi
// controls that reorder what a terminal shows. Titles, tags and comments come from outside the newsroom.
const unsafeForTerminal = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * terminalSafe shows every control character in text as a visible \uXXXX escape, keeping tabs and line breaks.
 * The escape is JSON's own, so a --json document stays valid JSON that decodes to the stored text.
 */
export function terminalSafe(text: string): string {
  return text.replace(unsafeForTerminal, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * lineWriter is how the CLI prints to stdout or stderr: each line made terminalSafe. Once the reader has gone
 * (`list | head` closes the pipe: EPIPE) the rest of the output is dropped quietly and the command finishes
 * with its own exit code, instead of dying on an unhandled 'error' event.
 */
export function lineWriter(stream: NodeJS.WritableStream & { destroyed?: boolean }): { line: (text: string) => void; raw: (text: string) => void } {
  let gone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') gone = true;
    else throw error;
  });
  const raw = (text: string) => {
    if (!gone && !stream.destroyed) stream.write(text);
  };
  return { line: (text) => raw(`${terminalSafe(text)}\n`), raw };
}

/** printProblems prints every problem, one line each, then what it means for the run. */
export function printProblems(printError: (line: string) => void, problems: readonly Problem[], outcome: string): void {
  for (const problem of problems) printError(formatProblem(problem));
  printError(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; ${outcome}`);
}

/** formatTable lays rows out in columns under a header, the last column left ragged. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** truncate shortens text for a table cell, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * progressReporter returns a callback that shows "label 120/5000" on one rewritten terminal line, at most ten
 * times a second, and clears it when done. When output is not a terminal it stays silent.
 */
export function progressReporter(
  ctx: Pick<CliContext, 'interactive' | 'writeProgress'>,
  label: string,
  clock: () => number = Date.now,
): (done: number, total: number) => void {
  if (!ctx.interactive) return () => {};
  let last = 0;
  return (done, total) => {
    if (done < total && clock() - last < 100) return;
    last = clock();
    ctx.writeProgress(done < total ? `\r${label} ${done}/${total}` : '\r\x1b[K');
  };
}
