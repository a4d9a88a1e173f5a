import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

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
});
