import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configVariables, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.siteUrl, 'http://localhost:3000');
    assert.match(config.databasePath, /data\/broadsheet\.db$/);
    assert.equal(config.timeZone, 'UTC');
    assert.ok(Object.isFrozen(config));
  });

  it('names every invalid variable in one error', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', SITE_URL: 'ftp://x', SITE_TIME_ZONE: 'Mars/Olympus', PAGE_SIZE: '0', SHOW_ERROR_DETAILS: 'maybe' }),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 5);
        for (const name of ['PORT', 'SITE_URL', 'SITE_TIME_ZONE', 'PAGE_SIZE', 'SHOW_ERROR_DETAILS']) {
          assert.match(error.message, new RegExp(name));
        }
        return true;
      },
    );
  });

  it('normalises SITE_URL without a trailing slash', () => {
    assert.equal(loadConfig({ SITE_URL: 'https://opinion.example.com/' }).siteUrl, 'https://opinion.example.com');
  });

  it("lists exactly the variables README.md's Configuration table lists, with the same literal defaults (issue 16)", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (.*?) \|/gm)].map(([, name, cell]) => ({ name: name!, cell: cell! }));
    const variables = Object.values(configVariables);
    assert.deepEqual(rows.map((r) => r.name).sort(), variables.map((v) => v.name).sort());
    // A default the README prints as one literal (`3000`) must be the one the code uses; prose defaults are not compared.
    for (const { name, cell } of rows) {
      const literal = /^`([^`]*)`$/.exec(cell)?.[1];
      const variable = variables.find((v) => v.name === name)!;
      if (literal !== undefined && variable.default !== '') assert.equal(literal, variable.default, name);
    }
  });
});
