import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { UsageError } from './output.js';

export const backupHelp = `Usage: npm run cli -- backup <file> [--force]

Copies the database (DATABASE_PATH) to <file> with SQLite's online backup API: a consistent
snapshot taken while the site keeps serving and writing. The copy is then checked with
PRAGMA integrity_check. An existing <file> is only overwritten with --force.

Options:
  -f, --force  Overwrite <file> if it exists
  -h, --help   Show this help`;

export const restoreHelp = `Usage: npm run cli -- restore-backup <file>

Replaces the database (DATABASE_PATH) with a backup made by "backup". Stop the server first.
The backup must pass PRAGMA integrity_check and must not come from a newer Broadsheet; pending
migrations are applied the next time the server or the CLI opens the database.

Options:
  -h, --help   Show this help`;

// Copy every page in a single step: one read transaction gives one consistent snapshot, and in WAL mode
// it does not block writers. Smaller steps would restart each time another connection commits.
const allPagesAtOnce = () => 0x7fffffff;

/** runBackup writes a consistent online copy of db to the given file and verifies it. */
export async function runBackup(db: Database, args: string[], print: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, force: { type: 'boolean', short: 'f' } },
  });
  if (values.help) {
    print(backupHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('backup needs exactly one destination file');
  const target = path.resolve(positionals[0]!);
  if (target === path.resolve(db.name)) throw new UsageError('the backup file must not be the database itself');
  if (fs.existsSync(target) && !values.force) throw new UsageError(`${target} already exists; pass --force to overwrite it`);
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`the folder ${path.dirname(target)} does not exist`);
  const { totalPages } = await db.backup(target, { progress: allPagesAtOnce });
  const verdict = checkIntegrity(target);
  if (verdict !== 'ok') throw new Error(`the backup at ${target} failed its integrity check: ${verdict}`);
  print(`Backed up ${totalPages} pages (${formatBytes(fs.statSync(target).size)}) to ${target}; integrity check ok.`);
  return 0;
}

/** runRestore replaces db's contents with a verified backup file, using the same backup API in reverse. */
export async function runRestore(db: Database, args: string[], print: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    print(restoreHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('restore-backup needs exactly one backup file');
  const source = path.resolve(positionals[0]!);
  if (!fs.existsSync(source)) throw new UsageError(`${source} does not exist`);
  if (source === path.resolve(db.name)) throw new UsageError('the backup file is the database itself');
  const verdict = checkIntegrity(source);
  if (verdict !== 'ok') throw new Error(`${source} is not a sound backup (integrity check: ${verdict}); nothing was restored`);
  const backup = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    const version = backup.pragma('user_version', { simple: true }) as number;
    const ours = db.pragma('user_version', { simple: true }) as number;
    if (version > ours) {
      throw new Error(`${source} is at migration ${version}, newer than this Broadsheet (${ours}); upgrade first. Nothing was restored`);
    }
    const { totalPages } = await backup.backup(db.name, { progress: allPagesAtOnce });
    print(`Restored ${totalPages} pages from ${source} into ${db.name} (migration ${version}).`);
  } finally {
    backup.close();
  }
  return 0;
}

/** checkIntegrity runs PRAGMA integrity_check on a database file and returns "ok" or the first problems. */
function checkIntegrity(file: string): string {
  let check: Database | undefined;
  try {
    check = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = check.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).slice(0, 3).join('; ');
  } catch (error) {
    return (error as Error).message;
  } finally {
    check?.close();
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
