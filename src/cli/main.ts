import path from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { ContentError } from '../content/content-error.js';
import { openDatabase } from '../db/open.js';
import { runImport } from './import.js';
import { runComments } from './comments.js';
import { exitCodes, UsageError } from './output.js';

const help = `Usage: npm run cli -- <command> [options]

Commands:
  import <path>...   Import Markdown files or folders (see: import --help)
  migrate            Apply pending database migrations
  comments <action>  List and moderate reader comments (see: comments --help)

The database is DATABASE_PATH (default data/broadsheet.db).
Exit codes: 0 success, 1 invalid input, 2 usage error.`;

/** main runs one CLI command and returns its exit code; it never throws. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(help);
    return command ? exitCodes.ok : exitCodes.usage;
  }
  let db;
  try {
    const config = loadConfig();
    db = openDatabase(config.databasePath, path.join(config.rootDir, 'migrations'));
    switch (command) {
      case 'import':
        return runImport(db, args, print);
      case 'comments':
        return runComments(db, config, args, print);
      case 'migrate':
        print('Database is up to date.');
        return exitCodes.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${help}\n`);
      return exitCodes.usage;
    }
    if (error instanceof ContentError) {
      process.stderr.write(`${error.message}\n${error.problems.length} problem(s) found; nothing was imported.\n`);
      return exitCodes.invalidInput;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return exitCodes.invalidInput;
  } finally {
    db?.close();
  }
}

process.exitCode = main(process.argv.slice(2));
