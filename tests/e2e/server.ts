import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { webRoot } from '../../server/platform/project-root.js';
import { buildTestApp, createTestDatabase, type TestApp } from '../../server/testing/test-app.js';

/**
 * A Hearth server on a fresh SQLite database, serving the built web app, on a free port; `env`
 * adds to its configuration (Janus for the call).
 */
export async function startJourneyServer(
  options: { env?: Record<string, string> } = {},
): Promise<{ url: string; app: TestApp; stop(): Promise<void> }> {
  const root = webRoot();
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`The web app is not built (${root}). Run \`npm run build:app\`; \`npm test\` does this first.`);
  }
  const testDb = await createTestDatabase('sqlite');
  const app = await buildTestApp(testDb, { webRoot: root, env: options.env });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  // As in `hearth serve`, the job worker runs; here often, so journeys need not wait.
  app.app.jobs.start(250);
  const url = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    stop: async () => {
      await app.app.close();
      await testDb.cleanup();
    },
  };
}
