import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { groupWithMembers, type GroupFixture } from '../../testing/group-fixtures.js';
import { describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** E-mails are written in the recipient's language: their own choice, else the practice's default. */
describeEachEngine('e-mails in the reader’s language', (engine) => {
  const t = useTestApp(engine);
  const call = (who: SignedIn, method: string, url: string, payload?: object) =>
    t.current.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: who.cookie },
      ...(payload && { payload }),
    });
  const outbox = (): Mail[] => {
    const folder = path.join(t.current.dataDir, 'outbox');
    if (!fs.existsSync(folder)) return [];
    return fs.readdirSync(folder).map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Mail);
  };
  /** The group meets on Tuesdays at 18:00 in London from next week, reminded a day before; the first one. */
  const tuesdaysAtSix = async (fixture: GroupFixture, rrule = 'FREQ=WEEKLY;BYDAY=TU', reminderMinutes = [1440]) => {
    let first = DateTime.now().setZone('Europe/London').plus({ weeks: 1 }).set({ hour: 18, minute: 0, second: 0 });
    while (first.weekday !== 2) first = first.plus({ days: 1 });
    const saved = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/schedule`, {
      rrule,
      firstStart: first.toFormat("yyyy-MM-dd'T'HH:mm"),
      durationMinutes: 90,
      reminderMinutes,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return first;
  };
  const speaksSpanish = (email: string) =>
    t.current.database.db.updateTable('users').set({ locale: 'es' }).where('email', '=', email).execute();

  it('reminds a Spanish-speaking member in Spanish and their English-speaking facilitator in English', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await speaksSpanish('sam@people.test');
    const first = await tuesdaysAtSix(fixture);
    await t.current.app.jobs.runDue(new Date(first.toMillis() - 23 * 3_600_000));

    const toSam = outbox().find((m) => m.to === 'sam@people.test' && m.subject.startsWith('Recordatorio'))!;
    expect(toSam?.subject).toMatch(
      /^Recordatorio: Tuesday Skills Circle, martes \d+ de \w+ a las 18:00 \(hora de Reino Unido\)$/,
    );
    expect(toSam.text).toContain('Hola, Sam Legal:');
    expect(toSam.text).toContain('Puedes desactivar estos recordatorios en Hearth, en tu página de Sesiones.');
    const toMaya = outbox().find((m) => m.to === 'maya@harbour.test' && m.subject.startsWith('Reminder'))!;
    expect(toMaya?.subject).toMatch(
      /^Reminder: Tuesday Skills Circle, Tuesday, \w+ \d+ at 6:00 PM \(United Kingdom Time\)$/,
    );
  });

  it('tells a member the time where they live, naming their zone; the facilitator the group’s', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await speaksSpanish('sam@people.test');
    await t.current.database.db
      .updateTable('users')
      .set({ timeZone: 'America/Los_Angeles' })
      .where('email', '=', 'sam@people.test')
      .execute();
    const first = await tuesdaysAtSix(fixture);
    await t.current.app.jobs.runDue(new Date(first.toMillis() - 23 * 3_600_000));

    const there = first.setZone('America/Los_Angeles');
    const toSam = outbox().find((m) => m.to === 'sam@people.test' && m.subject.startsWith('Recordatorio'))!;
    expect(toSam?.subject).toBe(
      `Recordatorio: Tuesday Skills Circle, ${there.setLocale('es').toFormat("cccc d 'de' LLLL")} a las ${there.toFormat('H:mm')} (hora del Pacífico)`,
    );
    const toMaya = outbox().find((m) => m.to === 'maya@harbour.test' && m.subject.startsWith('Reminder'))!;
    expect(toMaya?.subject).toMatch(/ at 6:00 PM \(United Kingdom Time\)$/);
  });

  it('writes a Spanish-speaking member’s calendar feed in Spanish', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await speaksSpanish('sam@people.test');
    await tuesdaysAtSix(fixture, 'FREQ=WEEKLY;BYDAY=TU;COUNT=2', []);
    const sam = fixture.members[0]!.person;
    const made = await call(sam, 'POST', '/api/me/calendar-feed');
    const url = new URL(made.json().url as string);
    const feed = await t.current.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(feed.statusCode).toBe(200);
    const text = feed.body.replace(/\r\n[ \t]/g, '');
    expect(text).toContain('X-WR-CALNAME:Sesiones de Hearth');
    expect(text).toContain('LOCATION:En línea');
    expect(text).toContain('el enlace aparece en Hearth');
    expect(text).not.toMatch(/Online|Hearth sessions/);
  });

  it('asks a Spanish-speaking member for a waiting check-in in Spanish', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await speaksSpanish('sam@people.test');
    const planned = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
      measures: [{ instrumentId: 'who-5', cadence: 'admission', main: true }],
    });
    expect(planned.statusCode, planned.body).toBe(200);
    const later = Date.now() + 2.5 * 86_400_000;
    await t.current.app.jobs.runDue(new Date(later));
    await t.current.app.jobs.runDue(new Date(later + 2 * 3_600_000));
    const waiting = outbox().filter(
      (m) => m.to === 'sam@people.test' && m.subject === 'Te espera un cuestionario breve',
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.text).toContain('solo quienes facilitan el grupo ven tus respuestas');
  });

  it('invites someone new in the practice’s default language', async () => {
    const fixture = await groupWithMembers(t.current);
    await t.current.database.db.updateTable('practices').set({ defaultLocale: 'es' }).execute();
    const invited = await call(fixture.owner, 'POST', '/api/people/invitations', {
      email: 'lucia@people.test',
      name: 'Lucía',
      role: 'clinician',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const mail = outbox().find((m) => m.to === 'lucia@people.test')!;
    expect(mail.subject).toMatch(/^Te invitaron a .+ en Hearth$/);
    expect(mail.text).toContain('como terapeuta');
    expect(mail.text).toContain('El enlace funciona una sola vez, durante 7 días.');
  });
});
