import { expect, it } from 'vitest';
import { describeEachEngine, useTestApp } from '../testing/test-app.js';
import { AuditLog } from '../platform/audit/audit-log.js';
import { DEMO_PASSWORD, seedDemo } from './seed-demo.js';

describeEachEngine('the demo practice', (engine) => {
  const t = useTestApp(engine);

  it('seeds once, and every demo account can sign in with the printed password', async () => {
    const { app, database } = t.current;
    const audit = new AuditLog(database.engine, Buffer.alloc(32));
    expect(await seedDemo(database, audit)).toBe(true);
    expect(await seedDemo(database, audit)).toBe(false);
    for (const email of ['owner@demo.hearth.test', 'maya@demo.hearth.test', 'sam@demo.hearth.test']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode, email).toBe(200);
      expect(response.json().viewer.practice.name).toBe('Riverside Group Practice');
    }
    const roles = await database.db.selectFrom('practiceMembers').select('role').execute();
    expect(roles.map((r) => r.role).sort()).toEqual([
      'clinician',
      'clinician',
      'member',
      'member',
      'member',
      'owner',
      'supervisor',
    ]);
  });
});
