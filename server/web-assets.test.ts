import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

  it('compresses JSON answers for a browser that accepts it, and leaves small ones and other browsers alone', async () => {
    const plain = await get('/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);

    const br = await get('/api/openapi.json', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.body.length / 4);

    const gz = await get('/api/openapi.json', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);

    // A problem document of a few hundred bytes is not worth compressing.
    const small = await get('/api/nothing-here', 'br');
    expect(small.statusCode).toBe(404);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-type']).toContain('application/problem+json');
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
        // Buffer.equals: a deep comparison byte by byte takes seconds on the main script.
        expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(built, `${name}.br`))).equals(original), name).toBe(
          true,
        );
        expect(zlib.gunzipSync(fs.readFileSync(path.join(built, `${name}.gz`))).equals(original), name).toBe(true);
      }
    },
  );
});

/**
 * What a member's first page (sign-in, home, check-in: all in the main script) downloads before
 * it can be used, gzipped (issue 17, decision 0047): the scripts the page names, every script they
 * import (not those loaded when a page is visited), and the first part of the English catalog.
 *
 * Issue 17 asks for 110 KB. With React DOM the libraries alone came to about 114 KB; the browser
 * runs Preact in its place (decision 0051), and the first page is about 78 KB.
 */
const FIRST_PAGE_BUDGET = 110_000;

/** The scripts a page loads before it runs: those it names, and what they import, not `import()`. */
function firstPageScripts(root: string): string[] {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const queue = [
    ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g),
  ].map((match) => match[1]!);
  const scripts = new Set<string>();
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (scripts.has(file)) continue;
    scripts.add(file);
    const code = fs.readFileSync(path.join(root, file), 'utf8');
    // `import{a as b}from"./x.js"`, `import"./x.js"`, `export{…}from"./x.js"`; never `import("./x.js")`.
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) {
      queue.push(path.posix.join(path.posix.dirname(file), match[1]!));
    }
  }
  return [...scripts];
}

describe('the service worker of the built web app', () => {
  const worker = path.join(webRoot(), 'sw.js');
  it.skipIf(!fs.existsSync(worker))('keeps only files the build wrote (one missing fails its installation)', () => {
    const kept = JSON.parse(/\["\/assets\/[^\]]*\]/.exec(fs.readFileSync(worker, 'utf8'))![0]) as string[];
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.filter((file) => !fs.existsSync(path.join(webRoot(), file)))).toEqual([]);
  });
});

describe('the member’s first pages', () => {
  const built = webRoot();
  const manifestFile = path.join(built, '.vite', 'manifest.json');
  const catalogFile = (locale: string, part: string) =>
    (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, { file: string }>)[
      `i18n/catalogs/${locale}.json?part=${part}`
    ]!.file;

  it.skipIf(!fs.existsSync(manifestFile))(
    `load at most ${FIRST_PAGE_BUDGET / 1000} KB of gzipped script, the catalog’s first part included`,
    () => {
      const files = [...firstPageScripts(built), catalogFile('en', 'first')];
      const sizes = files.map((file) => fs.statSync(path.join(built, `${file}.gz`)).size);
      const total = sizes.reduce((sum, size) => sum + size, 0);
      const brotli = files.reduce((sum, file) => sum + fs.statSync(path.join(built, `${file}.br`)).size, 0);
      console.info(`first page: ${files.length} scripts, ${total} bytes gzipped, ${brotli} over brotli`);
      expect(files.some((file) => /^assets\/main-/.test(file))).toBe(true);
      // The staff's pages, the editors and the rest of the catalog are not among them.
      expect(files).not.toContain(catalogFile('en', 'rest'));
      expect(files.filter((file) => /(settings|billing|audit|session-notes|room)-page/.test(file))).toEqual([]);
      expect(total, files.map((file, i) => `${file} ${sizes[i]}`).join('\n')).toBeLessThanOrEqual(FIRST_PAGE_BUDGET);
    },
  );

  it.skipIf(!fs.existsSync(manifestFile))(
    'name only keys of the catalog’s first part (app/i18n/catalog-parts.ts)',
    async () => {
      const english = JSON.parse(fs.readFileSync('app/i18n/catalogs/en.json', 'utf8')) as Record<string, string>;
      const keys = Object.keys(english);
      const code = firstPageScripts(built)
        .map((file) => fs.readFileSync(path.join(built, file), 'utf8'))
        .join('\n');
      const named = new Set<string>();
      // A key in quotes, or the start of keys made in the code (`label.${kind}.${value}`, 'home.place.' + …).
      for (const [, text, template] of code.matchAll(/[`'"]([A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9.]*)(\$\{)?/g)) {
        if (text! in english) named.add(text!);
        else if (template || text!.endsWith('.')) for (const key of keys) if (key.startsWith(text!)) named.add(key);
      }
      expect(named.size).toBeGreaterThan(100);
      const firstPart = (
        (await import(pathToFileURL(path.join(built, catalogFile('en', 'first'))).href)) as {
          default: Record<string, unknown>;
        }
      ).default;
      expect([...named].filter((key) => !(key in firstPart))).toEqual([]);
    },
  );
});
