import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('names a PORT that is not a port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
  });

  it('names a DATABASE_URL with an unknown scheme', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/hearth' })).toThrow(/DATABASE_URL=.*postgres:\/\//);
  });

  it('requires a shared secret key on PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/hearth' })).toThrow(/HEARTH_SECRET_KEY/);
  });

  it('takes the key from a file outside the data folder, but never from two places', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/hearth',
      HEARTH_SECRET_KEY_FILE: '/etc/hearth/key',
    });
    expect(config.secretKeyFile).toBe('/etc/hearth/key');
    expect(loadConfig({ HEARTH_DATA_DIR: '/srv/hearth' }).secretKeyFile).toBe('/srv/hearth/secret.key');
    expect(() => loadConfig({ HEARTH_SECRET_KEY: 'k'.repeat(40), HEARTH_SECRET_KEY_FILE: '/etc/hearth/key' })).toThrow(
      /not both/,
    );
  });

  it('names every wrong variable at once', () => {
    const attempt = () => loadConfig({ PORT: '-1', REDIS_URL: 'http://cache', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });
});
