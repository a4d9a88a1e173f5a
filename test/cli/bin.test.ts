import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the broadsheet command (issue 18)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

  it('package.json names the built CLI as the broadsheet command, and npm install builds it (prepare)', () => {
    assert.equal(path.resolve(root, manifest.bin.broadsheet!), builtCli());
    assert.match(manifest.scripts.prepare!, /npm run build/);
    assert.equal(manifest.scripts.cli, `node ${manifest.bin.broadsheet}`, 'npm run cli runs the same file');
  });

  it('the built CLI starts with a shebang, so npx and an installed link can run it as a program', () => {
    assert.equal(fs.readFileSync(builtCli(), 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  it('run as a program, it answers with the same exit codes', () => {
    const file = builtCli();
    // npm sets the mode when it links the command; a fresh tsc output may lack it.
    fs.chmodSync(file, 0o755);
    const help = spawnSync(file, ['import', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--skip-invalid/);
    assert.equal(spawnSync(file, ['import'], { encoding: 'utf8' }).status, 2);
  });
});
