import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from './platform/project-root.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

const SCRIPT = `console.log(${JSON.stringify('Hearth '.repeat(400))});\n`;

describe('the web app’s files', () => {
  let app: TestApp;
  let root: string;
  beforeAll(async () => {
    // A web root laid out as the build lays it out: each text file with its .br and .gz beside it.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-web-'));
    fs.mkdirSync(path.join(root, 'assets'));
    for (const [name, content] of [
      ['index.html', '<!doctype html><title>Hearth</title><div id="root"></div>'],
      ['assets/app-1a2b3c.js', SCRIPT],
    ] as const) {
      fs.writeFileSync(path.join(root, name), content);
      fs.writeFileSync(path.join(root, `${name}.br`), zlib.brotliCompressSync(content));
      fs.writeFileSync(path.join(root, `${name}.gz`), zlib.gzipSync(content));
    }
    app = await createTestApp('sqlite', { webRoot: root });
  });
  afterAll(async () => {
    await app.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('sends brotli to a browser that accepts it, gzip to one that accepts only gzip, and plain text otherwise', async () => {
    const br = await get('/assets/app-1a2b3c.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);

    const gz = await get('/assets/app-1a2b3c.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get('/assets/app-1a2b3c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends every page address the app’s compressed page, never cached', async () => {
    const page = await get('/groups/anything', 'br');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(zlib.brotliDecompressSync(page.rawPayload).toString()).toContain('<div id="root">');
  });
});

describe('the built web app', () => {
  const built = webRoot();
  it.skipIf(!fs.existsSync(path.join(built, 'index.html')))(
    'has a brotli and a gzip copy of every script, style sheet and page, each the same text',
    () => {
      const files = fs
        .readdirSync(built, { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.(js|css|html)$/.test(name));
      expect(files.some((name) => name.endsWith('.js'))).toBe(true);
      for (const name of files) {
        const original = fs.readFileSync(path.join(built, name));
        expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(built, `${name}.br`))), name).toEqual(original);
        expect(zlib.gunzipSync(fs.readFileSync(path.join(built, `${name}.gz`))), name).toEqual(original);
      }
    },
  );
});
