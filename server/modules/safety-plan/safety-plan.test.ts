import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect, it } from 'vitest';
import { emptySafetyPlan, suggestedProfessionals } from '../../../domain/safety-plan.js';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp } from '../../testing/test-app.js';

/** The text of every page of a PDF. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    standardFontDataUrl: `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return pages.join('\n');
}

describeEachEngine('safety plans', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  const plan = {
    ...emptySafetyPlan(),
    warningSigns: ['I stop answering messages', 'I cannot sleep'],
    onMyOwn: ['Walk to the river'],
    askForHelp: [{ name: 'Jo (sister)', reach: '07700 900123' }],
    professionals: suggestedProfessionals('GB', 'en'),
    reasonsForLiving: ['My dog, Biscuit'],
  };

  async function setting() {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Rui'] });
    const [sam, rui] = f.members as [(typeof f.members)[0], (typeof f.members)[0]];
    const supervisor = await addPerson(t.current, {
      email: 'sup@harbour.test',
      role: 'supervisor',
      practiceId: f.practiceId,
    });
    const otherClinician = await addPerson(t.current, {
      email: 'lee@harbour.test',
      role: 'clinician',
      practiceId: f.practiceId,
    });
    return { ...f, sam: sam.person, rui: rui.person, supervisor, otherClinician };
  }

  it('a member saves versions; their facilitator and a supervisor read them (audited); nobody else does', async () => {
    const s = await setting();
    const empty = await call(s.sam, 'GET', '/api/my/safety-plan');
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ plan: null, versions: [], readers: ['Maya Okafor'] });
    // A facilitator starting the plan with Sam learns Sam's language, for the crisis lines it
    // begins with (Sam's own choice over the practice's default).
    expect((await call(s.maya, 'GET', `/api/people/${s.sam.userId}/safety-plan`)).json().member.locale).toBe('en');
    await call(s.sam, 'PUT', '/api/me/preferences', { locale: 'es' });
    expect((await call(s.maya, 'GET', `/api/people/${s.sam.userId}/safety-plan`)).json().member.locale).toBe('es');
    await call(s.sam, 'PUT', '/api/me/preferences', { locale: 'en' });

    // Never kept by the browser's HTTP cache (only the service worker keeps it, and forgets it).
    expect(empty.headers['cache-control']).toBe('no-store');
    const first = await call(s.sam, 'PUT', '/api/my/safety-plan', { plan, baseVersion: 0 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().plan).toMatchObject({ version: 1, latest: true, savedBy: null });
    expect(first.json().plan.content.warningSigns).toEqual(plan.warningSigns);

    // The words are sealed at rest.
    const stored = await t.current.database.db.selectFrom('safetyPlans').select('content').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.content).not.toContain('river');

    // Saving the same words makes no new version.
    const same = await call(s.sam, 'PUT', '/api/my/safety-plan', { plan, baseVersion: 1 });
    expect(same.json().versions).toHaveLength(1);

    const second = await call(s.sam, 'PUT', '/api/my/safety-plan', {
      plan: { ...plan, onMyOwn: ['Walk to the river', 'Make tea'] },
      baseVersion: 1,
    });
    expect(second.json().plan.version).toBe(2);
    expect(second.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    // A save from a stale page is refused, and nothing is half-saved.
    const stale = await call(s.sam, 'PUT', '/api/my/safety-plan', { plan, baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(await t.current.database.db.selectFrom('safetyPlans').select('id').execute()).toHaveLength(2);

    // The facilitator was told by e-mail, without the plan's words.
    const mails = await t.current.database.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'mail.send')
      .execute();
    const toMaya = mails.map((m) => JSON.parse(m.payload as string)).filter((p) => p.to === 'maya@harbour.test');
    expect(toMaya).toHaveLength(2);
    expect(JSON.stringify(toMaya)).not.toMatch(/river|Biscuit|Jo \(sister\)/);
    expect(toMaya[0].text).toContain(`/people/${s.sam.userId}/safety-plan`);

    // The facilitator and a supervisor read it; each read is in the audit log, naming Sam.
    for (const reader of [s.maya, s.supervisor]) {
      const read = await call(reader, 'GET', `/api/people/${s.sam.userId}/safety-plan`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().plan.content.onMyOwn).toContain('Make tea');
    }
    const old = await call(s.maya, 'GET', `/api/people/${s.sam.userId}/safety-plan?version=1`);
    expect(old.json().plan).toMatchObject({ version: 1, latest: false });
    const viewed = await t.current.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'clinical.safety_plan_viewed')
      .execute();
    expect(viewed).toHaveLength(3);

    // A peer asking for Sam's plan by Sam's id, a clinician of no group of Sam's, the owner: not
    // there (404), reading or writing, and nothing written.
    for (const other of [s.rui, s.otherClinician, s.owner]) {
      const refused = await call(other, 'GET', `/api/people/${s.sam.userId}/safety-plan`);
      expect(refused.statusCode, refused.body).toBe(404);
      expect(refused.body).not.toContain('river');
      const written = await call(other, 'PUT', `/api/people/${s.sam.userId}/safety-plan`, { plan, baseVersion: 2 });
      expect(written.statusCode, written.body).toBe(404);
    }
    expect(await t.current.database.db.selectFrom('safetyPlans').select('id').execute()).toHaveLength(2);
    // Rui's own plan is Rui's: Sam's is never reachable through it.
    expect((await call(s.rui, 'GET', '/api/my/safety-plan')).json().plan).toBeNull();
    expect((await call(s.maya, 'GET', `/api/people/${s.sam.userId}/safety-plan?version=9`)).statusCode).toBe(404);
  });

  it('a facilitator writes the plan with the member; a supervisor may read but not write', async () => {
    const s = await setting();
    const together = await call(s.maya, 'PUT', `/api/people/${s.sam.userId}/safety-plan`, { plan, baseVersion: 0 });
    expect(together.statusCode, together.body).toBe(200);
    expect(together.json().plan).toMatchObject({ version: 1, savedBy: 'Maya Okafor' });
    const mine = await call(s.sam, 'GET', '/api/my/safety-plan');
    expect(mine.json().plan).toMatchObject({ version: 1, savedBy: 'Maya Okafor' });
    const supervisor = await call(s.supervisor, 'PUT', `/api/people/${s.sam.userId}/safety-plan`, {
      plan,
      baseVersion: 1,
    });
    expect(supervisor.statusCode).toBe(403);
    const stranger = await call(s.otherClinician, 'PUT', `/api/people/${s.sam.userId}/safety-plan`, {
      plan,
      baseVersion: 1,
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('bad input is a 400 naming the field, and nothing is saved', async () => {
    const s = await setting();
    const cases: Array<[object, string]> = [
      [{ plan: { ...plan, warningSigns: ['x'.repeat(501)] }, baseVersion: 0 }, 'body.plan.warningSigns.0'],
      [{ plan: { ...plan, onMyOwn: Array.from({ length: 21 }, () => 'Walk') }, baseVersion: 0 }, 'body.plan.onMyOwn'],
      [{ plan: { ...plan, askForHelp: [{ name: '', reach: '1' }] }, baseVersion: 0 }, 'body.plan.askForHelp.0.name'],
      [{ plan, baseVersion: -1 }, 'body.baseVersion'],
    ];
    for (const [body, field] of cases) {
      const refused = await call(s.sam, 'PUT', '/api/my/safety-plan', body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.current.database.db.selectFrom('safetyPlans').select('id').execute()).toEqual([]);
  });

  it('prints as a PDF in the reader’s language, accents and all', async () => {
    const s = await setting();
    await call(s.sam, 'PUT', '/api/me/preferences', { locale: 'es' });
    await call(s.sam, 'PUT', '/api/my/safety-plan', {
      plan: {
        ...plan,
        onMyOwn: ['Caminar junto al río', 'Llamar a mamá'],
        professionals: suggestedProfessionals('ES', 'es'),
      },
      baseVersion: 0,
    });
    const pdf = await call(s.sam, 'GET', '/api/my/safety-plan.pdf');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Mi plan de seguridad');
    expect(text).toContain('Caminar junto al río');
    expect(text).toContain('Llamar a mamá');
    expect(text).toContain('Cosas que puedo hacer por mi cuenta');
    expect(text).toContain('Biscuit');
    if (process.env.HEARTH_WRITE_PDF)
      (await import('node:fs')).writeFileSync(process.env.HEARTH_WRITE_PDF, pdf.rawPayload);
  });
});
