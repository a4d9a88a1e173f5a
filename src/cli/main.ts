#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { loadConfig, ConfigError, type Config } from '../config.js';
import { ContentError } from '../content/content-error.js';
import { listMigrations, MigrationError } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { runArticles, articleCommands } from './articles.js';
import { runAuthors } from './authors.js';
import { runExport } from './export.js';
import { describeDatabaseError } from '../db/trouble.js';
import { runBackup, runRestore } from './backup.js';
import { runImport } from './import.js';
import { runPreview } from './preview.js';
import { exitCodes, lineWriter, printProblems, terminalSafe, UsageError, type CliContext } from './output.js';
import { runComments } from './comments.js';
import { runVisits } from './visits.js';
import { createCommandPurge, type CommandPurge } from '../edge-cache/command-purge.js';

const help = `Usage: npm run cli -- <command> [options]

Commands:
  import <path|url|->...         Import Markdown, RSS/Atom feeds, wire copy or a WordPress export
  list                           List pieces (filters: --status, --author, --tag, --since; --json)
  show <slug>                    Show a piece's metadata and revision count
  publish <slug> [--at <time>]   Publish a piece now or at a given time
  unpublish <slug>               Make a piece a draft again
  delete <slug> [--yes]          Delete a piece (its revisions are kept)
  revisions <slug>               List a piece's earlier versions
  restore <slug> <revision>      Bring back an earlier version
  authors list|add|edit          Manage the author registry
  export <slug|--all> <folder>   Write pieces back out as house-format Markdown
  migrate                        Apply pending database migrations
  backup <file>                  Copy the database online, consistently
  restore-backup <file>          Replace the database with a backup; stop the server first
  comments <action>              List and moderate reader comments (see: comments --help)
  preview <slug|file.md>         A private link to a piece before it runs, or a local preview of a file
  visits ingest [FILE|-]         Count views from a cache's request log (see: visits --help)

Every command takes --help. The database is DATABASE_PATH (default data/broadsheet.db).
Exit codes: 0 success, 1 invalid input, 2 usage error.`;

function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

function ask(question: string, write: (text: string) => void): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
    let answered = false;
    write(terminalSafe(question));
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

function runMigrate(ctx: CliContext, config: Config, args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.print('Usage: npm run cli -- migrate\n\nApplies pending migrations from migrations/ to DATABASE_PATH, each in its own transaction.');
    return exitCodes.ok;
  }
  if (args.length > 0) throw new UsageError(`migrate takes no arguments (got "${args[0]}")`);
  let before = 0;
  if (fs.existsSync(config.databasePath)) {
    const probe = new BetterSqlite3(config.databasePath, { readonly: true });
    before = probe.pragma('user_version', { simple: true }) as number;
    probe.close();
  }
  ctx.openDb();
  const applied = listMigrations(path.join(config.rootDir, 'migrations')).filter((m) => m.version > before);
  for (const migration of applied) ctx.print(`applied ${migration.name}`);
  ctx.print(applied.length > 0 ? `Database migrated: ${config.databasePath}` : 'Database is up to date.');
  return exitCodes.ok;
}

/** main runs one CLI command and resolves to its exit code; it never throws. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Every line the CLI prints goes through these two: control characters escaped, a closed pipe tolerated.
  const stdout = lineWriter(process.stdout);
  const stderr = lineWriter(process.stderr);
  const print = stdout.line;
  const printError = stderr.line;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(help);
    return command ? exitCodes.ok : exitCodes.usage;
  }
  let db: Database | undefined;
  let known = true;
  let edgePurge: CommandPurge | undefined;
  try {
    const config = loadConfig();
    // Whatever the command changes is purged from the edge cache (PURGE_URL) once it is done.
    const purge = (edgePurge = createCommandPurge(config));
    const ctx: CliContext = {
      config,
      openDb: () => (db ??= purge.watch(openDatabase(config.databasePath, path.join(config.rootDir, 'migrations')))),
      print,
      printError,
      now: Date.now,
      interactive: process.stderr.isTTY === true,
      writeProgress: stderr.raw,
      readStdin,
      ask: (question) => ask(question, stderr.raw),
    };
    if (command === 'import') return await runImport(ctx, args);
    if (command === 'migrate') return runMigrate(ctx, config, args);
    if (command === 'authors') return runAuthors(ctx, args);
    if (command === 'export') return runExport(ctx, args);
    if (command === 'preview') return await runPreview(ctx, args);
    if (command === 'comments') return runComments(ctx.openDb(), config, args, print);
    if (command === 'visits') return await runVisits(ctx, args);
    if (command === 'backup') return await runBackup(ctx.openDb(), args, print);
    if (command === 'restore-backup') return await runRestore(ctx.openDb(), args, print);
    if (articleCommands.has(command)) return await runArticles(ctx, command, args);
    known = false;
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`error: ${error.message}`);
      printError(`Run "npm run cli -- ${known ? `${command} ` : ''}--help" for usage.`);
      return exitCodes.usage;
    }
    if (error instanceof ContentError) {
      printProblems(printError, error.problems, 'nothing was changed.');
      return exitCodes.invalidInput;
    }
    if (error instanceof ConfigError || error instanceof MigrationError) {
      printError(error.message);
      return error instanceof ConfigError ? exitCodes.usage : exitCodes.invalidInput;
    }
    printError(`error: ${describeDatabaseError(error) ?? (error as Error).message}`);
    return exitCodes.invalidInput;
  } finally {
    await edgePurge?.finish();
    db?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
