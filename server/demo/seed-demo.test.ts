import { expect, it } from 'vitest';
import { AuditLog } from '../platform/audit/audit-log.js';
import { createMailer } from '../platform/mail/mailer.js';
import { ClinicalCipher } from '../platform/crypto/clinical-cipher.js';
import { describeEachEngine, useTestApp } from '../testing/test-app.js';
import { DEMO_PASSWORD, seedDemo } from './seed-demo.js';

describeEachEngine('the demo practice', (engine) => {
  const t = useTestApp(engine);

  it('seeds once: people who can sign in, and three groups with members at every stage', async () => {
    const { app, database, dataDir } = t.current;
    const context = {
      database,
      audit: new AuditLog(database.engine, Buffer.alloc(32)),
      mailer: createMailer({ smtpUrl: undefined, from: 'Hearth <demo@localhost>', dataDir }),
      publicUrl: 'http://localhost:3000',
      cipher: new ClinicalCipher(Buffer.alloc(32, 9)),
      jobs: app.jobs,
    };
    expect(await seedDemo(context)).toBe(true);
    expect(await seedDemo(context)).toBe(false);
    // Seeded through the real services: every step is in the audit log, and the chain holds.
    expect(await context.audit.verify(database.db)).toMatchObject({ ok: true });

    for (const email of ['owner@demo.hearth.test', 'maya@demo.hearth.test', 'sam@demo.hearth.test']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode, email).toBe(200);
      expect(response.json().viewer.practice.name).toBe('Riverside Group Practice');
    }

    const groups = await database.db
      .selectFrom('groups')
      .select(['name', 'modality', 'format'])
      .orderBy('name')
      .execute();
    expect(groups.map((g) => g.modality).sort()).toEqual(['ifs-informed', 'skills', 'support']);
    expect(groups.some((g) => g.format === 'open')).toBe(true);
    const statuses = new Set(
      (await database.db.selectFrom('groupMembers').select('status').execute()).map((m) => m.status),
    );
    for (const status of ['referred', 'waitlisted', 'declined', 'admitted', 'active', 'on-leave', 'completed', 'left'])
      expect(statuses, status).toContain(status);
    // Members who have met for weeks show as active since then, not since the moment of seeding.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const active = await database.db
      .selectFrom('groupMembers')
      .select('statusChangedAt')
      .where('status', '=', 'active')
      .execute();
    expect(active.length).toBeGreaterThan(0);
    for (const m of active) expect(new Date(m.statusChangedAt).toISOString() < weekAgo).toBe(true);

    // Months of sessions behind each group, attendance taken, one open alert, and sessions ahead.
    const now = new Date().toISOString();
    const past = await database.db.selectFrom('groupSessions').select('id').where('startsAt', '<', now).execute();
    expect(past.length).toBeGreaterThanOrEqual(40);
    const marks = await database.db.selectFrom('sessionAttendance').select('status').execute();
    expect(marks.length).toBeGreaterThan(80);
    const share = (status: string) => marks.filter((m) => m.status === status).length / marks.length;
    expect(share('present')).toBeGreaterThan(0.6);
    expect(share('absent-excused')).toBeGreaterThan(0);
    const alerts = await database.db.selectFrom('alerts').select('kind').where('resolvedAt', 'is', null).execute();
    expect(alerts.map((a) => a.kind)).toContain('attendance.unexcused-run');
    const ahead = await database.db.selectFrom('groupSessions').select('status').where('startsAt', '>', now).execute();
    expect(ahead.some((s) => s.status === 'cancelled')).toBe(true);
    expect(ahead.filter((s) => s.status === 'scheduled').length).toBeGreaterThan(20);

    // Months of measures: improving, flat and deteriorating members, and one open safety alert.
    const sent = await database.db
      .selectFrom('measureForms')
      .select(['instrumentId'])
      .where('status', '=', 'completed')
      .execute();
    expect(sent.filter((f) => f.instrumentId === 'phq-9').length).toBeGreaterThanOrEqual(18);
    expect(sent.filter((f) => f.instrumentId === 'hearth-checkout').length).toBeGreaterThan(20);
    const open = await database.db
      .selectFrom('alerts')
      .select(['kind', 'urgency'])
      .where('resolvedAt', 'is', null)
      .execute();
    expect(open.filter((a) => a.kind === 'safety.phq9-item9')).toHaveLength(1);
    expect(open.map((a) => a.kind)).toContain('measures.reliable-deterioration');
  });
});
