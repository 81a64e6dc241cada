/// <reference lib="webworker" />
/**
 * The service worker (docs/safety-plan.md, decision 0043): the crisis page, the "when things get
 * hard" page and the member's safety plan keep working on the phone with no network once opened.
 * It keeps only those pages' shell (index.html), the app's built files and the plan's JSON; never
 * any other API answer, and so no other clinical data. Signing out empties the plan's cache
 * (app/api/self-care.ts), and so does any answer that says the session has ended.
 *
 * Built by Vite beside the app (vite.config.ts), which writes the list of built files into it.
 */
const sw = globalThis as unknown as ServiceWorkerGlobalScope;
declare const __HEARTH_OFFLINE_ASSETS__: string[];

const SHELL_CACHE = 'hearth-offline-shell';
const PLAN_CACHE = 'hearth-offline-plan';
/** The pages that open offline; any of them is the same index.html. */
const OFFLINE_PAGES = ['/help', '/safety-plan', '/when-things-get-hard'];
const PLAN_URL = '/api/my/safety-plan';
const ASSETS: string[] = typeof __HEARTH_OFFLINE_ASSETS__ === 'undefined' ? [] : __HEARTH_OFFLINE_ASSETS__;
const VERSION = ASSETS.join('|');

async function keepShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  await cache.addAll(['/help', '/favicon.svg', ...ASSETS]);
  await cache.put('/meta/version', new Response(VERSION));
}

/**
 * Keeps the plan when the server gives it; forgets it whenever the server refuses it (the session
 * ended, or whoever is signed in now has no plan of their own: a shared phone).
 */
async function keepPlan(response: Response): Promise<void> {
  const cache = await caches.open(PLAN_CACHE);
  if (response.ok) await cache.put(PLAN_URL, response.clone());
  else if (response.status >= 400 && response.status < 500) await cache.delete(PLAN_URL);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await keepShell();
      // The plan as it is now, if a member is signed in (their cookie goes with it).
      try {
        await keepPlan(await fetch(PLAN_URL, { credentials: 'same-origin' }));
      } catch {
        // No network: the plan is kept the next time the page loads it.
      }
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // A new build replaces the old files.
      const shell = await caches.open(SHELL_CACHE);
      const kept = await shell.match('/meta/version');
      if (!kept || (await kept.text()) !== VERSION) {
        await caches.delete(SHELL_CACHE);
        await keepShell();
      }
      await sw.clients.claim();
    })(),
  );
});

async function networkFirst(request: Request, fallback: () => Promise<Response | undefined>): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await fallback();
    if (kept) return kept;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;

  if (request.mode === 'navigate' && OFFLINE_PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, () => caches.match('/help', { cacheName: SHELL_CACHE })));
    return;
  }
  if (url.pathname === PLAN_URL && url.search === '') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          await keepPlan(response);
          return response;
        } catch (error) {
          const kept = await caches.match(PLAN_URL, { cacheName: PLAN_CACHE });
          if (kept) return kept;
          throw error;
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith((async () => (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request))());
  }
});

sw.addEventListener('message', (event) => {
  if (event.data === 'sign-out') event.waitUntil(caches.delete(PLAN_CACHE));
});
