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

  it('turns video on only with Janus and all its secrets, and TURN only with its secret', () => {
    expect(loadConfig({}).video).toBeUndefined();
    const janus = {
      JANUS_URL: 'ws://127.0.0.1:8188/',
      JANUS_API_SECRET: 'api-secret-0123456789',
      JANUS_ADMIN_URL: 'ws://127.0.0.1:7188/',
      JANUS_ADMIN_SECRET: 'admin-secret-0123456789',
      JANUS_ROOM_ADMIN_KEY: 'room-key-0123456789',
    };
    expect(loadConfig(janus).video).toMatchObject({ publicUrl: 'ws://127.0.0.1:8188/', turn: undefined });
    expect(() => loadConfig({ JANUS_URL: janus.JANUS_URL })).toThrow(/JANUS_API_SECRET, JANUS_ADMIN_URL/);
    expect(() => loadConfig({ ...janus, JANUS_URL: 'http://127.0.0.1:8088/' })).toThrow(/JANUS_URL=.*ws:\/\//);
    expect(() => loadConfig({ ...janus, TURN_URLS: 'turn:turn.example.org:3478' })).toThrow(/TURN_SECRET/);
    expect(
      loadConfig({
        ...janus,
        TURN_URLS: 'turn:a.example.org:3478,turns:a.example.org:5349',
        TURN_SECRET: 'x'.repeat(20),
      }).video?.turn?.urls,
    ).toEqual(['turn:a.example.org:3478', 'turns:a.example.org:5349']);
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
