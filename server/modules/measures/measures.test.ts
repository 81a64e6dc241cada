import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fhirBundleValidator } from '../../testing/fhir-schema.js';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

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
    expect(form).toMatchObject({ instrumentId: 'phq-9', title: 'PHQ-9' });
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

    const alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts).toHaveLength(2);
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
    expect((await call(fixture.members[1]!.person, 'POST', url, { outcome: 'x' })).statusCode).toBe(403);
    expect((await call(fixture.maya, 'POST', url, { outcome: 'Called Sam; safe, plan agreed.' })).statusCode).toBe(204);
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

    // A member reads their own progress in words, and nobody else's.
    const progress = (await call(fixture.members[0]!.person, 'GET', '/api/my/progress')).json();
    expect(progress.measures).toHaveLength(1);
    expect(progress.measures[0].words).toBe(
      'Since you started, your PHQ-9 score has gone from 18 to 9: a real improvement.',
    );
    expect(progress.measures[0].points.map((p: { total: number }) => p.total)).toEqual([18, 9]);

    // Exports: CSV for a spreadsheet, FHIR R4 that HL7's schema accepts.
    const csv = await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('member,display_name,instrument,occasion,submitted_at,total,band,answers');
    expect(csv.body.trim().split('\r\n')).toHaveLength(5);
    const fhir = await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/outcomes.fhir.json`);
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
    expect(response.resource.questionnaire).toBe('http://loinc.org/q/44249-1');
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
