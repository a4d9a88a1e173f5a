import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { requireTool } from '../helpers/require-tool.js';

/** javaSkip is the skip reason for suites that need Java (for the Nu checker), or false when it is installed (see requireTool). */
export function javaSkip(): string | false {
  const found = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
  return requireTool('Java', found, 'default-jre-headless');
}

/** The Nu checker's jar as the vnu-jar package ships it (its module exports the path). */
const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));

/** One message from the Nu checker's JSON output. */
export interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** runNu checks every file in one JVM (start-up is the slow part) and groups the messages by file. */
export function runNu(files: string[]): Map<string, NuMessage[]> {
  const result = spawnSync(
    'java',
    // Client-style JIT and the serial collector start fastest for one short batch on a busy machine.
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss2m', '-jar', vnuJar, '--format', 'json', '--stdout', '--also-check-css', '--also-check-svg', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  const report = JSON.parse(result.stdout) as { messages: NuMessage[] };
  const byFile = new Map<string, NuMessage[]>(files.map((file) => [file, []]));
  for (const message of report.messages) {
    const file = message.url ? decodeURIComponent(new URL(message.url).pathname) : '';
    (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(message);
  }
  return byFile;
}

/** describeMessage prints one checker message the way a developer fixes it: line, text and excerpt. */
export const describeMessage = (m: NuMessage) => `line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` in “${m.extract.replace(/\s+/g, ' ').trim()}”` : ''}`;
