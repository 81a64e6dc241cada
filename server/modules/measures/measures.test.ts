import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { nameAlertMeasures } from '../../db/migrations/0014-alert-measures.js';
import { fhirBundleValidator } from '../../testing/fhir-schema.js';
import {
  backdateMembership,
  createGroup,
  groupWithMembers,
  referAndJoin,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';
import { zoneWhoseDateIsNotUtcs } from '../../testing/zones.js';

interface Mail {
  to: string;
  subject: string;
  text: string;
}

const PHQ9_WITH_ITEM9 = { 1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 1, 8: 0, 9: 1 };
const WEEK = 7 * 86_400_000;

describeEachEngine('measurement-based care', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);
  const outbox = (): Mail[] => {
    const folder = path.join(t.current.dataDir, 'outbox');
    if (!fs.existsSync(folder)) return [];
    return fs.readdirSync(folder).map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Mail);
  };
  async function plan(fixture: GroupFixture, measures: object[]) {
    const response = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, { measures });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  async function waiting(who: SignedIn) {
    const response = await call(who, 'GET', '/api/my/measures');
    expect(response.statusCode).toBe(200);
    return response.json().waiting as Array<{ id: string; instrumentId: string; title: string }>;
  }
  const PHQ9_PLAN = [
    { instrumentId: 'phq-9', cadence: 'admission', main: true },
    { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 1 },
  ];

  it('asks a member for a PHQ-9 at admission, lets them stop and come back, and scores it', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    await plan(fixture, PHQ9_PLAN);
    const sam = fixture.members[0]!.person;
    const [form] = await waiting(sam);
    // Members read plain titles, never an instrument's code.
    expect(form).toMatchObject({ instrumentId: 'phq-9', title: 'How your mood has been' });
    expect(JSON.stringify(await waiting(sam))).not.toContain('PHQ');
    const opened = (await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json();
    expect(opened.instrument.items).toHaveLength(10);
    expect(opened.instrument.items[8].text).toBe(
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
    );
    expect(opened.answers).toEqual({});

    // Partway through, then later.
    const saved = await call(sam, 'PUT', `/api/my/measures/${form!.id}/answers`, { answers: { 1: 1, 2: 0 } });
    expect(saved.json()).toEqual({ saved: true, safety: false });
    expect((await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json().answers).toEqual({ 1: 1, 2: 0 });

    // Bad answers are named and nothing is lost.
    const notOffered = await call(sam, 'PUT', `/api/my/measures/${form!.id}/answers`, { answers: { 1: 4 } });
    expect(notOffered.statusCode).toBe(400);
    expect(notOffered.json().errors[0].field).toBe('body.answers.1');
    const noSuchItem = await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 12: 1 } });
    expect(noSuchItem.statusCode).toBe(400);
    expect(noSuchItem.json().errors[0].field).toBe('body.answers.12');
    const wrongType = await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 'lots' } });
    expect(wrongType.statusCode).toBe(400);
    expect((await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json().answers).toEqual({ 1: 1, 2: 0 });

    // Someone else's form is not there for anyone else, staff included.
    const ria = fixture.members[1]!.person;
    expect((await call(ria, 'GET', `/api/my/measures/${form!.id}`)).statusCode).toBe(404);
    expect((await call(fixture.maya, 'GET', `/api/my/measures/${form!.id}`)).statusCode).toBe(404);
    expect((await call(ria, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 0 } })).statusCode).toBe(
      404,
    );

    // An incomplete form is kept without a total, naming what is missing.
    const sent = await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 1, 2: 0, 3: 1 } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ complete: false, total: null, missing: ['4', '5', '6', '7', '8', '9'] });
    // Sending the same again changes nothing; different answers are refused.
    expect(
      (await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 1, 2: 0, 3: 1 } }))
        .statusCode,
    ).toBe(200);
    expect((await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 3 } })).statusCode).toBe(
      409,
    );
    expect(await waiting(sam)).toEqual([]);

    // The answers are encrypted at rest.
    const stored = await t.current.database.db
      .selectFrom('measureForms')
      .select('answers')
      .where('id', '=', form!.id)
      .executeTakeFirstOrThrow();
    expect(stored.answers).not.toContain('"1":1');
  });

  it('routes a PHQ-9 item 9 answer to a person: alert, e-mail, acknowledgement, escalation when nobody acts', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const daniel = await addPerson(t.current, {
      email: 'daniel@harbour.test',
      role: 'clinician',
      practiceId: fixture.practiceId,
    });
    const safety = await call(fixture.owner, 'PUT', '/api/practice/safety', {
      backupClinicianId: daniel.userId,
      escalationMinutes: 30,
    });
    expect(safety.statusCode, safety.body).toBe(200);
    expect(
      (await call(fixture.owner, 'PUT', '/api/practice/safety', { backupClinicianId: null, escalationMinutes: 2 }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call(fixture.maya, 'PUT', '/api/practice/safety', { backupClinicianId: null, escalationMinutes: 30 }))
        .statusCode,
    ).toBe(403);
    await plan(fixture, PHQ9_PLAN);

    const submit = async (who: SignedIn) => {
      const [form] = await waiting(who);
      const response = await call(who, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: PHQ9_WITH_ITEM9 });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect(await submit(fixture.members[0]!.person)).toMatchObject({ total: 12, band: 'Moderate', safetyFlag: true });
    const words = (await call(fixture.members[0]!.person, 'GET', '/api/my/progress')).json().measures[0].words;
    expect(words).toBe(
      'Your latest answers tell us things are hard right now. Your facilitator knows and will be in touch.',
    );
    await submit(fixture.members[1]!.person);

    // Alerts raised before they named their measure learn it from their form (migration 0014).
    await t.current.database.db.updateTable('alerts').set({ instrumentId: null }).execute();
    await nameAlertMeasures(t.current.database.db as unknown as Kysely<unknown>);
    const alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts).toHaveLength(2);
    expect(alerts.map((a: { measure: string }) => a.measure)).toEqual(['PHQ-9', 'PHQ-9']);
    expect(alerts[0]).toMatchObject({ kind: 'safety.phq9-item9', urgency: 'urgent', acknowledged: null });
    expect((await call(fixture.maya, 'GET', '/api/alerts')).json().alerts).toHaveLength(2);
    await t.current.app.jobs.runDue();
    const urgent = outbox().filter((m) => m.subject.startsWith('Urgent: a member of Tuesday Skills Circle'));
    expect(urgent.map((m) => m.to)).toEqual(['maya@harbour.test', 'maya@harbour.test']);
    expect(urgent[0]!.text).not.toMatch(/Sam|Ria/);

    // Maya acknowledges one; half an hour later only the other goes to the backup clinician.
    const samAlert = alerts.find((a: { member: { displayName: string } }) => a.member.displayName === 'Sam');
    expect(
      (await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/alerts/${samAlert.id}/acknowledgement`))
        .statusCode,
    ).toBe(204);
    await t.current.app.jobs.runDue(new Date(Date.now() + 29 * 60_000));
    expect(outbox().filter((m) => m.subject.startsWith('Urgent and not yet picked up'))).toEqual([]);
    await t.current.app.jobs.runDue(new Date(Date.now() + 31 * 60_000));
    const escalated = outbox().filter((m) => m.subject.startsWith('Urgent and not yet picked up'));
    expect(escalated.map((m) => m.to)).toEqual(['daniel@harbour.test']);
    const after = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(after.find((a: { id: string }) => a.id === samAlert.id).acknowledged.by).toBe('Maya Okafor');
    expect(after.find((a: { id: string }) => a.id !== samAlert.id).escalatedAt).not.toBeNull();

    // Resolving needs an outcome; peers never reach the alert.
    const url = `/api/groups/${fixture.groupId}/alerts/${samAlert.id}/resolution`;
    expect((await call(fixture.maya, 'POST', url, { outcome: '' })).statusCode).toBe(400);
    // Room to write up a risk call (domain/limits.ts), and a field-level problem beyond it.
    const tooLong = await call(fixture.maya, 'POST', url, { outcome: 'x'.repeat(5001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0]).toMatchObject({
      field: 'body.outcome',
      message: 'Use at most 5,000 characters.',
    });
    expect((await call(fixture.members[1]!.person, 'POST', url, { outcome: 'x' })).statusCode).toBe(403);
    const writeUp = `Called Sam at 14:10. ${'Risk discussed, plan agreed, supervisor told. '.repeat(100)}`.slice(
      0,
      5000,
    );
    expect((await call(fixture.maya, 'POST', url, { outcome: writeUp })).statusCode).toBe(204);
    const audit = await t.current.database.db.selectFrom('auditEvents').select('action').execute();
    for (const action of [
      'alerts.raised',
      'alerts.acknowledged',
      'alerts.escalated',
      'alerts.resolved',
      'measures.submitted',
    ])
      expect(audit.map((a) => a.action)).toContain(action);
  });

  it('counts the group climate of one evening as one day in the group’s zone, not two UTC days', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'], timeZone: 'America/Los_Angeles' });
    await plan(fixture, [{ instrumentId: 'hearth-climate', cadence: 'admission' }]);
    // Both answer on the same Los Angeles day: at 15:00 (23:00 UTC) and 20:00 (04:00 UTC the next day).
    const sentAt = ['2026-11-20T23:00:00.000Z', '2026-11-21T04:00:00.000Z'];
    for (const [i, m] of fixture.members.entries()) {
      const [form] = (await waiting(m.person)).filter((f) => f.instrumentId === 'hearth-climate');
      const answers = { belong: 7 + i, honest: 8, tension: 6 - i };
      expect((await call(m.person, 'POST', `/api/my/measures/${form!.id}/submission`, { answers })).statusCode).toBe(
        200,
      );
      await t.current.database.db
        .updateTable('measureForms')
        .set({ submittedAt: sentAt[i]! })
        .where('id', '=', form!.id)
        .execute();
    }
    const view = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).json();
    expect(view.climate).toHaveLength(1);
    // Each scores the mean of its three items (7), and the day the mean of the two.
    expect(view.climate[0]).toMatchObject({ responses: 2, mean: 7 });
  });

  it('shows the roster view to the group’s clinician, aggregates only to an admin, and alerts on reliable deterioration', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    for (const m of fixture.members)
      await backdateMembership(t.current, m.memberId, new Date(Date.now() - 10 * 86_400_000));
    await plan(fixture, [...PHQ9_PLAN, { instrumentId: 'gad-7', cadence: 'admission' }]);
    const answer = async (who: SignedIn, totals: number[]) => {
      const forms = (await waiting(who)).filter((f) => f.instrumentId === 'phq-9');
      expect(forms).toHaveLength(totals.length);
      for (const [i, form] of forms.entries()) {
        const answers: Record<string, number> = {};
        let left = totals[i]!;
        for (const item of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) {
          answers[item] = item === '9' ? 0 : Math.min(3, left);
          left -= answers[item];
        }
        await call(who, 'POST', `/api/my/measures/${form.id}/submission`, { answers });
      }
    };
    await answer(fixture.members[0]!.person, [18, 9]);
    await answer(fixture.members[1]!.person, [6, 13]);

    const view = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).json();
    expect(view.view).toBe('members');
    expect(view.main).toMatchObject({ shortName: 'PHQ-9', range: { min: 0, max: 27 } });
    expect(view.main.rules[0]).toContain('NHS Talking Therapies');
    const sam = view.members.find((m: { displayName: string }) => m.displayName === 'Sam');
    expect(sam.main.points.map((p: { total: number }) => p.total)).toEqual([18, 9]);
    expect(sam.main.change).toMatchObject({
      classification: 'reliable-improvement',
      recovered: true,
      reliablyRecovered: true,
    });
    const ria = view.members.find((m: { displayName: string }) => m.displayName === 'Ria');
    expect(ria.main.change.classification).toBe('reliable-deterioration');
    expect(ria.openAlerts).toBe(1);
    expect(view.counts).toEqual({ improved: 1, same: 0, worse: 1, notYet: 0 });

    const admin = (await call(fixture.owner, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).json();
    expect(admin).toMatchObject({ view: 'aggregate', members: [], counts: { improved: 1, worse: 1 } });
    expect(JSON.stringify(admin)).not.toMatch(/Sam|Ria/);
    // Peers get nothing.
    expect((await call(fixture.members[0]!.person, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).statusCode).toBe(
      403,
    );

    const alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts.map((a: { kind: string }) => a.kind)).toEqual(['measures.reliable-deterioration']);
    // The alert names the measure, and the clinician is e-mailed (the job needs the alert's id).
    expect(alerts[0]).toMatchObject({
      measure: 'PHQ-9',
      summary: 'shows a reliable deterioration on the PHQ-9 since they started.',
    });
    await t.current.app.jobs.runDue();
    expect(
      outbox()
        .filter((m) => m.subject === 'A member of Tuesday Skills Circle is finding things harder')
        .map((m) => m.to),
    ).toEqual(['maya@harbour.test']);

    // A member reads their own progress in words, and nobody else's.
    const progress = (await call(fixture.members[0]!.person, 'GET', '/api/my/progress')).json();
    expect(progress.measures).toHaveLength(1);
    expect(progress.measures[0].words).toBe(
      'Since you started, your score has gone from 18 to 9 out of 27: a real improvement.',
    );
    expect(progress.measures[0].points.map((p: { total: number }) => p.total)).toEqual([18, 9]);
    expect(progress.measures[0].title).toBe('How your mood has been');
    expect(JSON.stringify(progress)).not.toContain('PHQ');
    // Clinicians read bands as published.
    expect(sam.main.latest.band).toBe('Mild (5–9)');
    expect(view.main.bands[0]).toMatchObject({ label: 'Minimal', stated: '0–4' });

    // Exports: CSV for a spreadsheet, FHIR R4 that HL7's schema accepts.
    // Maya lives where today's date is not UTC's, so the file's date shows whose day it is.
    const zone = zoneWhoseDateIsNotUtcs();
    await t.current.database.db
      .updateTable('users')
      .set({ timeZone: zone })
      .where('id', '=', fixture.maya.userId)
      .execute();
    const csv = await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'Member,Name in the group,Questionnaire,Occasion,Sent at,Total,Band,Subscales,Questions left out,Answers',
    );
    // A name a clinician can file, not a row id, dated on her day.
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="tuesday-skills-circle-${DateTime.now().setZone(zone).toISODate()}-measures.csv"`,
    );
    expect(csv.body.trim().split('\r\n')).toHaveLength(5);
    // A clinician who reads Spanish gets the header row in Spanish; the rows are the same.
    await t.current.database.db
      .updateTable('users')
      .set({ locale: 'es' })
      .where('id', '=', fixture.maya.userId)
      .execute();
    const spanish = await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`);
    expect(spanish.body.split('\r\n')[0]).toBe(
      'Participante,Nombre en el grupo,Cuestionario,Momento,Fecha de envío,Total,Nivel,Subescalas,Preguntas sin responder,Respuestas',
    );
    expect(spanish.body.split('\r\n').slice(1)).toEqual(csv.body.split('\r\n').slice(1));
    await t.current.database.db
      .updateTable('users')
      .set({ locale: null })
      .where('id', '=', fixture.maya.userId)
      .execute();
    const fhir = await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.fhir.json`);
    expect(fhir.headers['content-disposition']).toMatch(
      /filename="tuesday-skills-circle-\d{4}-\d\d-\d\d-measures\.fhir\.json"/,
    );
    const bundle = fhir.json();
    const validate = fhirBundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const observations = bundle.entry.filter(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation',
    );
    expect(observations).toHaveLength(4);
    expect(observations[0].resource.code.coding[0]).toMatchObject({ system: 'http://loinc.org', code: '44261-6' });
    const response = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'QuestionnaireResponse',
    );
    // The questionnaire is Hearth's, in the Bundle (LOINC's own has other linkIds), coded with LOINC's panel.
    const questionnaire = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Questionnaire',
    ).resource;
    expect(response.resource.questionnaire).toBe(`${questionnaire.url}|${questionnaire.version}`);
    expect(questionnaire.url).not.toContain('loinc.org');
    expect(questionnaire.code).toEqual([{ system: 'http://loinc.org', code: '44249-1' }]);
    expect(response.resource.item[0].answer[0].valueCoding.system).toBe('http://loinc.org');
    // A broken bundle is caught by the same check.
    expect(validate({ ...bundle, type: 'not-a-bundle-type' })).toBe(false);
    expect(
      (await call(fixture.members[0]!.person, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`)).statusCode,
    ).toBe(403);
    // The owner sees the group but not members' answers: no export.
    const ownerCsv = await call(fixture.owner, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`);
    expect(ownerCsv.statusCode).toBe(403);
    expect(ownerCsv.body).not.toContain('Sam');
    // Four members' forms, two exports and the mail job: slower than most, on a busy machine.
  }, 60_000);

  it('records the language a form was answered in, and exports it as the QuestionnaireResponse’s language', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    await plan(fixture, [
      { instrumentId: 'phq-9', cadence: 'admission', main: true },
      { instrumentId: 'who-5', cadence: 'admission' },
    ]);
    const [sam, ria] = fixture.members.map((m) => m.person) as [SignedIn, SignedIn];
    const phq9 = (await waiting(sam)).find((f) => f.instrumentId === 'phq-9')!;
    const opened = (await call(sam, 'GET', `/api/my/measures/${phq9.id}`)).json();
    // Every language it can be read in, the published Spanish word for word, codes unchanged.
    expect(Object.keys(opened.instrument.versions)).toEqual(['en', 'es']);
    expect(opened.instrument.versions.es.items[8]).toMatchObject({
      id: '9',
      text: 'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
      safety: true,
    });
    expect(opened.instrument.versions.es.items[8].options[0]).toEqual({ value: 0, label: 'Ningún día' });
    expect(opened.language).toBe('en');

    // Saved in Spanish, then sent: the form says Spanish, and scores as it would in English.
    const saved = await call(sam, 'PUT', `/api/my/measures/${phq9.id}/answers`, { answers: { 1: 2 }, language: 'es' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await call(sam, 'GET', `/api/my/measures/${phq9.id}`)).json().language).toBe('es');
    const sent = await call(sam, 'POST', `/api/my/measures/${phq9.id}/submission`, {
      answers: PHQ9_WITH_ITEM9,
      language: 'es',
    });
    expect(sent.json()).toMatchObject({ complete: true, total: 12, band: 'Moderate', safetyFlag: true });

    // A language Hearth does not speak is refused, naming the field; nothing is lost.
    const who5 = (await waiting(ria)).find((f) => f.instrumentId === 'who-5')!;
    const klingon = await call(ria, 'PUT', `/api/my/measures/${who5.id}/answers`, {
      answers: { 1: 3 },
      language: 'tlh',
    });
    expect(klingon.statusCode).toBe(400);
    expect(klingon.json().errors[0].field).toBe('body.language');
    // The WHO-5 has no published Spanish here: asked for in Spanish, it is read, and recorded, in English.
    const who5Opened = (await call(ria, 'GET', `/api/my/measures/${who5.id}`)).json();
    expect(Object.keys(who5Opened.instrument.versions)).toEqual(['en']);
    expect(who5Opened.instrument.titles).toEqual({ en: 'How you have been feeling', es: 'Cómo te has sentido' });
    await call(ria, 'POST', `/api/my/measures/${who5.id}/submission`, {
      answers: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 },
      language: 'es',
    });

    const bundle = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.fhir.json`)).json();
    const validate = fhirBundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const responses = bundle.entry
      .map((e: { resource: Record<string, unknown> }) => e.resource)
      .filter((r: { resourceType: string }) => r.resourceType === 'QuestionnaireResponse');
    const spanish = responses.find((r: { language: string }) => r.language === 'es');
    expect(spanish.language).toBe('es');
    expect(spanish.item[8]).toMatchObject({
      linkId: '9',
      text: 'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
      answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6569-3' } }],
    });
    const english = responses.find((r: { language: string }) => r.language !== 'es');
    expect(english.language).toBe('en');
    expect(english.item[0].text).toBe('I have felt cheerful and in good spirits');
    // The PHQ-9's Questionnaire is in its original English, with the Spanish the member read as a translation.
    const phq9Questionnaire = bundle.entry.find(
      (e: { resource: { resourceType: string; url?: string; version?: string } }) =>
        e.resource.resourceType === 'Questionnaire' &&
        `${e.resource.url}|${e.resource.version}` === spanish.questionnaire,
    ).resource;
    expect(phq9Questionnaire.language).toBe('en');
    expect(phq9Questionnaire.item[8].text).toBe(
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
    );
    expect(phq9Questionnaire.item[8]._text.extension).toContainEqual({
      url: 'http://hl7.org/fhir/StructureDefinition/translation',
      extension: [
        { url: 'lang', valueCode: 'es' },
        { url: 'content', valueString: spanish.item[8].text },
      ],
    });
  }, 60_000); // The FHIR schema (3.5 MB) is compiled by the first test in the process that validates.

  it('shows PHQ-4 screens to clinicians and sends the full questionnaire the plan says, telling them', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    // Only the GAD-7 follows a positive screen here; a positive PHQ-2 is left for the clinician to offer.
    await plan(fixture, [
      { instrumentId: 'phq-4', cadence: 'admission', main: true },
      { instrumentId: 'gad-7', cadence: 'positive-screen' },
    ]);
    const sam = fixture.members[0]!.person;
    const [form] = await waiting(sam);
    expect(form).toMatchObject({ instrumentId: 'phq-4', title: 'Mood and worry, in four questions' });
    const opened = (await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json();
    expect(opened.instrument.items.map((i: { id: string }) => i.id)).toEqual(['gad-1', 'gad-2', 'phq-1', 'phq-2']);
    // Sent in another key order: exports follow the item codes, not the order they arrived in.
    const sent = await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, {
      answers: { 'phq-2': 1, 'phq-1': 2, 'gad-2': 1, 'gad-1': 2 },
    });
    expect(sent.json()).toMatchObject({ total: 6, band: 'Moderate', next: ['How worry and nerves have been'] });
    expect((await waiting(sam)).map((f) => [f.instrumentId, f.title])).toEqual([
      ['gad-7', 'How worry and nerves have been'],
    ]);
    // The member is not told they "screened positive": only that one more check-in is waiting.
    expect(JSON.stringify(sent.json())).not.toMatch(/positive|GAD|PHQ/);

    const alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts.map((a: { kind: string; measure: string }) => [a.kind, a.measure])).toEqual([
      ['measures.positive-screen', 'PHQ-4'],
      ['measures.positive-screen', 'PHQ-4'],
    ]);
    const summaries = alerts.map((a: { summary: string }) => a.summary).sort();
    expect(summaries).toEqual([
      'screened positive on the GAD-2 (anxiety) part of the PHQ-4: 3 (3 or more is positive). The full GAD-7 has been sent to them, as the group’s plan says.',
      'screened positive on the PHQ-2 (depression) part of the PHQ-4: 3 (3 or more is positive). Offer the full PHQ-9; the group’s plan does not send it by itself.',
    ]);
    await t.current.app.jobs.runDue();
    const told = outbox().filter(
      (m) => m.subject === 'A member of Tuesday Skills Circle screened positive on the PHQ-4',
    );
    expect(told.map((m) => m.to)).toEqual(['maya@harbour.test', 'maya@harbour.test']);
    expect(told[0]!.text).not.toContain('Sam');

    // The roster shows each part to the group's clinician; an admin sees no member's screen.
    const view = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).json();
    expect(view.members[0].screen).toMatchObject({
      shortName: 'PHQ-4',
      parts: [
        { id: 'gad-2', name: 'GAD-2 (anxiety)', total: 3, positive: true, suggests: 'Offer the full GAD-7.' },
        { id: 'phq-2', name: 'PHQ-2 (depression)', total: 3, positive: true, suggests: 'Offer the full PHQ-9.' },
      ],
    });
    expect(view.members[0].main.latest.band).toBe('Moderate (6–8)');
    expect(
      JSON.stringify((await call(fixture.owner, 'GET', `/api/groups/${fixture.groupId}/outcomes`)).json()),
    ).not.toMatch(/GAD-2|Sam/);

    // CSV: the parts, and answers by item code in the form's order.
    const csv = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`)).body.split('\r\n');
    expect(csv[1]).toContain(',PHQ-4,admission,');
    expect(csv[1]).toContain(
      ',6,Moderate (6–8),GAD-2 (anxiety)=3 positive;PHQ-2 (depression)=3 positive,,gad-1=2;gad-2=1;phq-1=2;phq-2=1',
    );

    // FHIR: an Observation per part, marked positive, from the same response.
    const bundle = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.fhir.json`)).json();
    const validate = fhirBundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const parts = bundle.entry
      .map((e: { resource: Record<string, never> }) => e.resource)
      .filter(
        (r: { resourceType: string; code?: { coding: Array<{ code: string }> } }) =>
          r.resourceType === 'Observation' && r.code?.coding[0]?.code.startsWith('phq-4/'),
      );
    expect(
      parts.map(
        (p: {
          code: { coding: Array<{ code: string }> };
          valueQuantity: { value: number };
          interpretation: Array<{ coding: Array<{ code: string }> }>;
        }) => [p.code.coding[0]!.code, p.valueQuantity.value, p.interpretation[0]!.coding[0]!.code],
      ),
    ).toEqual([
      ['phq-4/gad-2', 3, 'POS'],
      ['phq-4/phq-2', 3, 'POS'],
    ]);
    const response = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'QuestionnaireResponse',
    ).resource;
    expect(response.item.map((i: { linkId: string }) => i.linkId)).toEqual(['gad-1', 'gad-2', 'phq-1', 'phq-2']);

    // A full questionnaire can follow only a screen that leads to it.
    const wrong = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
      measures: [{ instrumentId: 'who-5', cadence: 'positive-screen' }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.measures.0.cadence');
  });

  it('exports one Patient per person across groups, with Hearth’s own stable URIs and incomplete forms marked', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!;
    const second = await createGroup(t.current, fixture.maya, { name: 'Thursday Calm' });
    await referAndJoin(t.current, fixture.maya, second, sam.person, 'Sam', sam.email);
    for (const groupId of [fixture.groupId, second])
      expect(
        (
          await call(fixture.maya, 'PUT', `/api/groups/${groupId}/measures`, {
            measures: [
              { instrumentId: 'who-5', cadence: 'admission', main: true },
              { instrumentId: 'hearth-climate', cadence: 'admission' },
            ],
          })
        ).statusCode,
      ).toBe(200);
    for (const form of await waiting(sam.person)) {
      // The WHO-5 in the second group is sent with two questions left out.
      const partial =
        form.instrumentId === 'who-5' &&
        (
          await t.current.database.db
            .selectFrom('measureForms')
            .select('groupId')
            .where('id', '=', form.id)
            .executeTakeFirstOrThrow()
        ).groupId === second;
      const answers =
        form.instrumentId === 'who-5'
          ? partial
            ? { 1: 2, 2: 2, 4: 3 }
            : { 1: 2, 2: 2, 3: 2, 4: 3, 5: 3 }
          : { belong: 7, honest: 8, tension: 6 };
      expect((await call(sam.person, 'POST', `/api/my/measures/${form.id}/submission`, { answers })).statusCode).toBe(
        200,
      );
    }
    const bundles = [];
    for (const groupId of [fixture.groupId, second]) {
      const bundle = (await call(fixture.maya, 'GET', `/api/groups/${groupId}/outcomes.fhir.json`)).json();
      const validate = fhirBundleValidator();
      expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      bundles.push(bundle);
      // Nothing is built from the deployment's address.
      expect(JSON.stringify(bundle)).not.toMatch(/localhost|group-member/);
    }
    const resources = (
      bundle: { entry: Array<{ fullUrl: string; resource: Record<string, unknown> }> },
      type: string,
    ) => bundle.entry.filter((e) => e.resource.resourceType === type);
    const patients = bundles.map((b) => resources(b, 'Patient'));
    expect(patients.map((p) => p.length)).toEqual([1, 1]);
    // The same person in both groups: one identity.
    expect(patients[0]![0]!.resource.identifier).toEqual(patients[1]![0]!.resource.identifier);
    expect(patients[0]![0]!.resource.identifier).toEqual([
      { system: 'urn:oid:2.25.172550525560415433239772495160679713073.3', value: expect.any(String) },
    ]);
    for (const bundle of bundles)
      for (const type of ['QuestionnaireResponse', 'Observation'])
        for (const entry of resources(bundle, type))
          expect(entry.resource.subject).toEqual({ reference: resources(bundle, 'Patient')[0]!.fullUrl });
    // Hearth's own codes: the same URIs in every deployment, and the same across exports.
    const climate = resources(bundles[0]!, 'Observation').find(
      (e) => (e.resource.code as { coding: Array<{ code: string }> }).coding[0]!.code === 'hearth-climate',
    )!;
    expect((climate.resource.code as { coding: Array<{ system: string }> }).coding[0]!.system).toBe(
      'urn:oid:2.25.172550525560415433239772495160679713073.1',
    );
    const questionnaires = resources(bundles[0]!, 'QuestionnaireResponse').map((e) => e.resource.questionnaire);
    expect(questionnaires).toEqual([
      expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}\|[0-9a-f]{12}$/),
      expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}\|[0-9a-f]{12}$/),
    ]);
    // Each names a Questionnaire in the same Bundle.
    expect(
      resources(bundles[0]!, 'Questionnaire').map((e) => `${String(e.resource.url)}|${String(e.resource.version)}`),
    ).toEqual(questionnaires);
    expect(resources(bundles[1]!, 'QuestionnaireResponse').map((e) => e.resource.questionnaire)).toEqual(
      questionnaires,
    );
    // The WHO-5 sent incomplete is "stopped", lists the missing questions without answers, and has no total.
    const who5 = resources(bundles[1]!, 'QuestionnaireResponse').find((e) =>
      (e.resource.item as Array<{ text: string }>).some((i) => i.text === 'I have felt cheerful and in good spirits'),
    )!.resource;
    expect(who5.status).toBe('stopped');
    expect(
      (who5.item as Array<{ linkId: string; answer?: unknown }>).filter((i) => !i.answer).map((i) => i.linkId),
    ).toEqual(['3', '5']);
    const complete = resources(bundles[0]!, 'QuestionnaireResponse').every((e) => e.resource.status === 'completed');
    expect(complete).toBe(true);
    expect(resources(bundles[1]!, 'Observation')).toHaveLength(1);
    // WHO-5 bands as stated: "< 50", not "29–49".
    const who5Total = resources(bundles[0]!, 'Observation').find(
      (e) => (e.resource.code as { coding: Array<{ code: string }> }).coding[0]!.code === 'who-5',
    )!;
    expect(who5Total.resource.interpretation).toEqual([{ text: 'Poor wellbeing (< 50)' }]);
  });

  it('refuses plans it cannot follow, naming the field', async () => {
    const fixture = await groupWithMembers(t.current);
    const put = (measures: object[]) =>
      call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, { measures });
    const unknown = await put([{ instrumentId: 'bdi-ii', cadence: 'admission' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.measures.0.instrumentId');
    const noWeeks = await put([{ instrumentId: 'phq-9', cadence: 'every-weeks' }]);
    expect(noWeeks.json().errors[0].field).toBe('body.measures.0.everyWeeks');
    const sessionMain = await put([{ instrumentId: 'hearth-checkout', cadence: 'every-session', main: true }]);
    expect(sessionMain.statusCode).toBe(400);
    const noMain = await put([
      { instrumentId: 'phq-9', cadence: 'admission' },
      { instrumentId: 'hearth-checkout', cadence: 'every-session' },
    ]);
    expect(noMain.statusCode).toBe(400);
    expect(noMain.json().errors[0]).toMatchObject({
      field: 'body.measures',
      message: expect.stringMatching(/main measure/),
    });
    expect((await put([{ instrumentId: 'hearth-checkout', cadence: 'every-session' }])).statusCode).toBe(200);
    expect((await put([{ instrumentId: 'phq-9', cadence: 'sometimes' }])).json().errors[0].field).toBe(
      'body.measures.0.cadence',
    );
  });

  it('lets a clinician make the practice’s own questionnaire, refusing one with no questions or bad bands', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const body = {
      name: 'Sleep this week',
      shortName: 'Sleep',
      stem: 'This week:',
      purpose: 'outcome',
      scoring: 'sum',
      direction: 'higher-is-better',
      options: [
        { value: 0, label: 'Never' },
        { value: 1, label: 'Sometimes' },
        { value: 2, label: 'Often' },
      ],
      items: ['I slept well', 'I woke rested'],
      bands: [
        { min: 0, max: 1, label: 'Poor' },
        { min: 2, max: 4, label: 'Good' },
      ],
    };
    const post = (over: object) => call(fixture.maya, 'POST', '/api/instruments', { ...body, ...over });
    expect((await post({ items: [] })).json().errors[0]).toMatchObject({
      field: 'body.items',
      message: 'Add at least one question.',
    });
    expect(
      (
        await post({
          bands: [
            { min: 0, max: 2, label: 'A' },
            { min: 2, max: 4, label: 'B' },
          ],
        })
      ).json().errors[0],
    ).toMatchObject({
      field: 'body.bands',
      message: expect.stringMatching(/overlap/),
    });
    expect(
      (
        await post({
          bands: [
            { min: 0, max: 1, label: 'A' },
            { min: 3, max: 4, label: 'B' },
          ],
        })
      ).json().errors[0].message,
    ).toMatch(/no band/);
    const made = await post({});
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ validated: false, name: 'Sleep this week (your practice’s own)' });
    const list = (await call(fixture.maya, 'GET', '/api/instruments')).json().instruments;
    expect(list.map((i: { shortName: string }) => i.shortName)).toEqual([
      'PHQ-9',
      'GAD-7',
      'PHQ-4',
      'WHO-5',
      'Check-out',
      'Climate',
      'Sleep',
    ]);
    await plan(fixture, [{ instrumentId: made.json().id, cadence: 'admission', main: true }]);
    const [form] = await waiting(fixture.members[0]!.person);
    const sent = await call(fixture.members[0]!.person, 'POST', `/api/my/measures/${form!.id}/submission`, {
      answers: { 1: 2, 2: 1 },
    });
    expect(sent.json()).toMatchObject({ total: 3, band: 'Good' });
  });

  it('shows a practice’s own questionnaire as written, and records that language whatever the reader asked for', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const made = await call(fixture.maya, 'POST', '/api/instruments', {
      name: 'Cómo dormiste',
      shortName: 'Sueño',
      stem: 'Esta semana:',
      purpose: 'outcome',
      scoring: 'sum',
      direction: 'higher-is-better',
      options: [
        { value: 0, label: 'Nunca' },
        { value: 1, label: 'A veces' },
      ],
      items: ['Dormí bien'],
      bands: [{ min: 0, max: 1, label: 'Bien' }],
      language: 'es',
    });
    expect(made.statusCode, made.body).toBe(201);
    await plan(fixture, [{ instrumentId: made.json().id, cadence: 'admission', main: true }]);
    const sam = fixture.members[0]!.person;
    const [form] = await waiting(sam);
    const opened = (await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json();
    expect(opened.instrument.language).toBe('es');
    expect(Object.keys(opened.instrument.versions)).toEqual(['es']);
    // Read by someone whose pages are in English: still the practice's Spanish, and recorded as such.
    await call(sam, 'POST', `/api/my/measures/${form!.id}/submission`, { answers: { 1: 1 }, language: 'en' });
    expect((await call(sam, 'GET', `/api/my/measures/${form!.id}`)).json().language).toBe('es');
  });

  it('asks for a check-out after each session and alerts when two in a row close unanswered', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await backdateMembership(t.current, fixture.members[0]!.memberId, new Date(Date.now() - 3 * WEEK));
    await insertPastSession(t.current, fixture, new Date(Date.now() - 6.5 * 86_400_000));
    await insertPastSession(t.current, fixture, new Date(Date.now() - 5.5 * 86_400_000));
    await plan(fixture, [{ instrumentId: 'hearth-checkout', cadence: 'every-session' }]);
    const forms = await t.current.database.db.selectFrom('measureForms').select(['occasion', 'status']).execute();
    expect(forms).toHaveLength(2);
    expect(forms.every((f) => f.occasion.startsWith('session:'))).toBe(true);
    // Closed after three days unanswered: the hourly follow-up raises one alert.
    await t.current.app.jobs.runDue();
    await t.current.app.jobs.runDue(new Date(Date.now() + 2 * 3_600_000));
    const alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts.map((a: { kind: string }) => a.kind)).toEqual(['measures.checkouts-missed']);
  });

  it('reminds once about a form that has waited two days', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await plan(fixture, [{ instrumentId: 'who-5', cadence: 'admission', main: true }]);
    const later = Date.now() + 2.5 * 86_400_000;
    await t.current.app.jobs.runDue(new Date(later));
    await t.current.app.jobs.runDue(new Date(later + 2 * 3_600_000));
    const reminders = outbox().filter((m) => m.subject === 'A short check-in is waiting for you');
    expect(reminders.map((m) => m.to)).toEqual(['sam@people.test']);
    expect(reminders[0]!.text).toContain('only your facilitators see your answers');

    // Once its time has passed, a form takes no more answers.
    await t.current.database.db
      .updateTable('measureForms')
      .set({ dueAt: new Date(Date.now() - 20 * 86_400_000).toISOString() })
      .execute();
    const [form] = await t.current.database.db.selectFrom('measureForms').select('id').execute();
    const late = await call(fixture.members[0]!.person, 'POST', `/api/my/measures/${form!.id}/submission`, {
      answers: { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/closed/);
    expect(await waiting(fixture.members[0]!.person)).toEqual([]);
  });
});
