import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { reencryptClinicalText } from '../../platform/crypto/reencrypt.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { clinicalCipherOf } from '../../platform/secret-key.js';
import { fhirBundleValidator } from '../../testing/fhir-schema.js';
import {
  backdateMembership,
  createGroup,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import { callerOf, describeEachEngine, TEST_SECRET_KEY, useTestApp, type SignedIn } from '../../testing/test-app.js';

const DAY = 86_400_000;
/** Sam's and Ria's admission PHQ-9s: different totals, so a leak of Ria's would show. */
const SAM_PHQ9 = { 1: 1, 2: 1, 3: 0, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 };
const RIA_PHQ9 = { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 0 };

interface Export {
  id: string;
  status: string;
  step: number;
  steps: number;
  expiresAt: string | null;
  readyAt: string | null;
}

// HL7's schema is 3.5 MB: compiled once for the file, before any test's clock starts.
beforeAll(() => void fhirBundleValidator(), 60_000);

describeEachEngine('my data', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  /** The response, once it is a success (a 204 where nothing is answered back). */
  async function ok<R extends { statusCode: number; body: string }>(response: R, status?: number): Promise<R> {
    if (status) expect(response.statusCode, response.body).toBe(status);
    else expect([200, 204], response.body).toContain(response.statusCode);
    return response;
  }

  /** A group where Sam and Ria both answered a PHQ-9, came to a session, and answered screening elsewhere. */
  async function practiceWithHistory() {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = fixture.members as [GroupFixture['members'][0], GroupFixture['members'][0]];
    await ok(
      await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
        measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
      }),
    );
    for (const [who, answers] of [
      [sam, SAM_PHQ9],
      [ria, RIA_PHQ9],
    ] as const) {
      const waiting = (await call(who.person, 'GET', '/api/my/measures')).json().waiting as Array<{ id: string }>;
      await ok(await call(who.person, 'POST', `/api/my/measures/${waiting[0]!.id}/submission`, { answers }));
    }
    const lastWeek = new Date(Date.now() - 7 * DAY);
    for (const m of [sam, ria]) await backdateMembership(t.current, m.memberId, new Date(lastWeek.getTime() - DAY));
    const sessionId = await insertPastSession(t.current, fixture, lastWeek);
    await ok(
      await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${sessionId}/attendance`, {
        marks: [
          { memberId: sam.memberId, status: 'late', note: 'Facilitator note about Sam, kept for staff' },
          { memberId: ria.memberId, status: 'absent-excused', note: 'Ria is in hospital this week' },
        ],
      }),
    );
    await ok(await call(sam.person, 'PUT', `/api/my/groups/${fixture.groupId}/reminders`, { on: false }));
    // A second group both were referred to, whose screening questions both answered.
    const other = await createGroup(t.current, fixture.maya, { name: 'Thursday Evening Group' });
    for (const [who, name, answer] of [
      [sam, 'Sam Legal', 'I would like to feel less alone'],
      [ria, 'Ria Legal', 'Ria private worry about her sister'],
    ] as const) {
      await ok(await call(fixture.maya, 'POST', `/api/groups/${other}/members`, { name, email: who.email }), 201);
      await ok(await call(who.person, 'POST', `/api/my/groups/${other}/screening`, { answers: [answer, '', '', ''] }));
    }
    return { fixture, sam, ria };
  }

  async function download(who: SignedIn, id: string) {
    return call(who, 'GET', `/api/me/data-exports/${id}/archive`);
  }

  // A whole practice's history to set up first, on two cores shared with others: more time.
  it('prepares one archive of the person’s own data, with progress, for them alone', { timeout: 60_000 }, async () => {
    const { fixture, sam, ria } = await practiceWithHistory();

    const asked = await ok(await call(sam.person, 'POST', '/api/me/data-exports'), 201);
    const first = asked.json() as Export;
    expect(first).toMatchObject({ status: 'queued', step: 0, steps: 5 });
    // Asking again while it is prepared gives the same one.
    const again = await ok(await call(sam.person, 'POST', '/api/me/data-exports'), 200);
    expect(again.json().id).toBe(first.id);
    expect((await call(sam.person, 'GET', '/api/me/data-exports')).json().exports).toHaveLength(1);
    expect((await download(sam.person, first.id)).statusCode).toBe(409);

    await t.current.app.jobs.runDue();
    const [ready] = (await call(sam.person, 'GET', '/api/me/data-exports')).json().exports as Export[];
    expect(ready).toMatchObject({ id: first.id, status: 'ready', step: 5, steps: 5 });
    expect(Date.parse(ready!.expiresAt!) - Date.parse(ready!.readyAt!)).toBe(7 * DAY);

    // Stored sealed to its row: no zip, no words of it in the database.
    const row = await t.current.database.db
      .selectFrom('dataExports')
      .select('archive')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row.archive).toMatch(/^v2\./);
    expect(row.archive).not.toContain('UEsDB'); // base64 of a zip's "PK\x03\x04"

    // Only its owner: everyone else, staff included, finds nothing there.
    for (const other of [ria.person, fixture.maya, fixture.owner])
      expect((await download(other, first.id)).statusCode).toBe(404);
    expect((await call(ria.person, 'GET', '/api/me/data-exports')).json().exports).toEqual([]);

    const got = await ok(await download(sam.person, first.id), 200);
    expect(got.headers['content-type']).toBe('application/zip');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="hearth-\d{4}-\d\d-\d\d-my-data\.zip"$/);
    const files = unzipSync(new Uint8Array(got.rawPayload));
    expect(Object.keys(files).sort()).toEqual([ARCHIVE_FILES.fhir, ARCHIVE_FILES.data, ARCHIVE_FILES.summary].sort());
    const text = Object.values(files)
      .map((file) => strFromU8(file))
      .join('\n');

    // The FHIR Bundle: Sam's Patient (their practice membership, decision 0022) and their PHQ-9.
    const bundle = JSON.parse(strFromU8(files[ARCHIVE_FILES.fhir]!));
    const validate = fhirBundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const samPerson = await t.current.database.db
      .selectFrom('practiceMembers')
      .select('id')
      .where('userId', '=', sam.person.userId)
      .executeTakeFirstOrThrow();
    const kinds = (bundle.entry as Array<{ resource: { resourceType: string; subject?: { reference: string } } }>).map(
      (e) => e.resource,
    );
    expect(kinds.filter((r) => r.resourceType === 'Patient')).toEqual([
      expect.objectContaining({ id: samPerson.id, name: [{ text: 'Sam Legal' }] }),
    ]);
    expect(kinds.filter((r) => r.resourceType === 'QuestionnaireResponse')).toHaveLength(1);
    const observations = kinds.filter((r) => r.resourceType === 'Observation');
    expect(observations).toEqual([expect.objectContaining({ valueQuantity: expect.objectContaining({ value: 3 }) })]);
    for (const r of kinds.filter((k) => k.subject)) expect(r.subject!.reference).toBe(`urn:uuid:${samPerson.id}`);

    // The JSON: their account, groups, agreement, attendance, screening, answers, reminders, history.
    const data = JSON.parse(strFromU8(files[ARCHIVE_FILES.data]!));
    expect(data.account).toMatchObject({ name: 'Sam Legal', email: sam.email });
    expect(data.practices).toEqual([
      expect.objectContaining({ practice: 'Harbour Light Group Practice', role: 'member' }),
    ]);
    const skills = data.groups.find((g: { group: string }) => g.group === 'Tuesday Skills Circle');
    expect(skills).toMatchObject({
      facilitators: ['Maya Okafor'],
      status: 'active',
      displayName: 'Sam',
      referral: 'practice',
      agreement: { version: 1, text: 'What is shared here stays here.' },
      remindersOn: false,
      attendance: [{ status: 'late', session: expect.any(String) }],
    });
    expect(skills.joinedAt).toEqual(expect.any(String));
    const thursday = data.groups.find((g: { group: string }) => g.group === 'Thursday Evening Group');
    expect(thursday.screening.answers[0]).toMatchObject({ answer: 'I would like to feel less alone' });
    expect(data.answers).toHaveLength(1);
    expect(data.answers[0]).toMatchObject({ questionnaire: 'How your mood has been', total: 3 });
    expect(data.answers[0].answers[0]).toMatchObject({ answer: 'Several days' });
    expect(data.accessHistory.map((e: { action: string }) => e.action)).toContain('data_export.requested');

    // The summary: readable, self-contained, no scripts.
    const summary = strFromU8(files[ARCHIVE_FILES.summary]!);
    expect(summary).toContain('<h1>Your data from Hearth</h1>');
    expect(summary).toContain('I would like to feel less alone');
    expect(summary).toContain('<td>Late</td>');
    expect(summary).toContain('<td>Asked for a copy of their data</td>');
    expect(summary).not.toMatch(/<script|src=|href=/i);

    // Nobody else's data: not Ria's address, legal name, display name, answers or the notes staff wrote.
    for (const leak of [
      ria.email,
      'Ria',
      'Ria private worry',
      'hospital',
      'Facilitator note',
      'alex@harbour.test',
      'maya@harbour.test',
    ])
      expect(text).not.toContain(leak);
  });

  it('gives a FHIR R4 Bundle a FHIR client accepts: resolvable urn:uuid references, coded answers, survey scores', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = fixture.members[0]!;
    await ok(
      await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/measures`, {
        measures: [
          { instrumentId: 'phq-9', cadence: 'admission', main: true },
          { instrumentId: 'who-5', cadence: 'admission', main: false },
        ],
      }),
    );
    const waiting = (await call(sam.person, 'GET', '/api/my/measures')).json().waiting as Array<{
      id: string;
      instrumentId: string;
    }>;
    const formOf = (instrument: string) => waiting.find((f) => f.instrumentId === instrument)!.id;
    // The PHQ-9 read in Spanish, with its difficulty question ("Very difficult"); the WHO-5 in English.
    await ok(
      await call(sam.person, 'POST', `/api/my/measures/${formOf('phq-9')}/submission`, {
        answers: { 1: 2, 2: 1, 3: 0, 4: 3, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0, difficulty: 2 },
        language: 'es',
      }),
    );
    await ok(
      await call(sam.person, 'POST', `/api/my/measures/${formOf('who-5')}/submission`, {
        answers: { 1: 3, 2: 3, 3: 2, 4: 2, 5: 1 },
      }),
    );
    const id = (await ok(await call(sam.person, 'POST', '/api/me/data-exports'), 201)).json().id as string;
    await t.current.app.jobs.runDue();
    const files = unzipSync(new Uint8Array((await ok(await download(sam.person, id), 200)).rawPayload));
    const bundle = JSON.parse(strFromU8(files[ARCHIVE_FILES.fhir]!));
    const validate = fhirBundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    type Coding = { system: string; code: string; display?: string };
    type Answer = Record<string, unknown>;
    type Resource = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    // FHIR dateTime with a time: seconds and a zone are required.
    const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.timestamp).toMatch(DATE_TIME);
    const entries = bundle.entry as Array<{ fullUrl: string; resource: Resource }>;
    for (const e of entries) expect(e.fullUrl).toMatch(UUID);
    expect(new Set(entries.map((e) => e.fullUrl)).size).toBe(entries.length);
    const byUrl = new Map(entries.map((e) => [e.fullUrl, e.resource]));
    const of = (type: string) => entries.filter((e) => e.resource.resourceType === type).map((e) => e.resource);

    const [patient, ...others] = of('Patient');
    expect(others).toEqual([]);
    const patientUrl = entries.find((e) => e.resource === patient)!.fullUrl;
    expect(patientUrl).toBe(`urn:uuid:${patient!.id}`);

    const responses = of('QuestionnaireResponse');
    expect(responses).toHaveLength(2);
    // Self-contained: every response's questionnaire (canonical|version) is a Questionnaire in this
    // Bundle, one per instrument, whose items are the response's linkIds and whose answerOptions
    // hold each answer exactly, as a client resolving the questionnaire would check.
    const questionnaires = of('Questionnaire');
    expect(questionnaires).toHaveLength(2);
    const canonicals = questionnaires.map((q) => `${q.url}|${q.version}`);
    expect(new Set(canonicals).size).toBe(2);
    const questionnaireOf = (r: Resource) => questionnaires[canonicals.indexOf(r.questionnaire)]!;
    for (const q of questionnaires) {
      expect(q).toMatchObject({ status: 'active', url: expect.stringMatching(UUID), version: expect.any(String) });
      // R4 que-0: a computable name.
      expect(q.name).toMatch(/^[A-Z][A-Za-z0-9_]{0,254}$/);
      expect(q.title).toEqual(expect.any(String));
      for (const item of q.item) {
        expect(item).toMatchObject({ linkId: expect.any(String), type: 'choice', text: expect.any(String) });
        // R4: one value[x] per answerOption.
        for (const option of item.answerOption) expect(Object.keys(option)).toHaveLength(1);
      }
    }
    for (const r of responses) {
      expect(canonicals, r.questionnaire).toContain(r.questionnaire);
      const q = questionnaireOf(r);
      for (const answered of r.item) {
        const item = q.item.find((i: { linkId: string }) => i.linkId === answered.linkId);
        expect(item, answered.linkId).toBeDefined();
        for (const answer of answered.answer ?? []) expect(item.answerOption).toContainEqual(answer);
      }
    }
    const phq9 = responses.find((r) => questionnaireOf(r).code?.[0]?.code === '44249-1')!;
    const who5 = responses.find((r) => r !== phq9)!;
    expect(questionnaireOf(phq9).code).toEqual([{ system: 'http://loinc.org', code: '44249-1' }]);
    expect(questionnaireOf(phq9).item[0]).toMatchObject({
      linkId: '1',
      code: [{ system: 'http://loinc.org', code: '44250-9' }],
      text: 'Little interest or pleasure in doing things',
    });
    expect(questionnaireOf(who5).code).toEqual([
      { system: 'urn:oid:2.25.172550525560415433239772495160679713073.1', code: 'who-5' },
    ]);
    expect(questionnaireOf(who5).item[0].answerOption).toEqual(
      [5, 4, 3, 2, 1, 0].map((valueInteger) => ({ valueInteger })),
    );
    for (const r of responses) {
      expect(r.status).toBe('completed');
      expect(r.subject).toEqual({ reference: patientUrl });
      expect(r.authored).toMatch(DATE_TIME);
      expect(new Set(r.item.map((i: { linkId: string }) => i.linkId)).size).toBe(r.item.length);
      // Each answer carries exactly one value[x].
      for (const item of r.item) for (const a of item.answer as Answer[]) expect(Object.keys(a)).toHaveLength(1);
    }
    expect(phq9.language).toBe('es');
    expect(who5.language).toBe('en');
    // The PHQ-9 is LOINC's: every answer, the difficulty question's too, is a LOINC answer code (a
    // choice question takes a Coding, never a bare number).
    expect(phq9.item.map((i: { linkId: string }) => i.linkId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      'difficulty',
    ]);
    for (const item of phq9.item) {
      const coding = (item.answer[0] as { valueCoding?: Coding }).valueCoding;
      expect(coding, item.linkId).toMatchObject({
        system: 'http://loinc.org',
        code: expect.stringMatching(/^LA\d+-\d$/),
      });
    }
    expect(phq9.item[0].answer).toEqual([
      { valueCoding: { system: 'http://loinc.org', code: 'LA6570-1', display: 'More than half the days' } },
    ]);
    expect(phq9.item[9].answer).toEqual([
      { valueCoding: { system: 'http://loinc.org', code: 'LA6575-0', display: 'Very difficult' } },
    ]);
    // Hearth's WHO-5 questionnaire has no LOINC answers: its answers are the integers it scores.
    expect(who5.item.map((i: { answer: Answer[] }) => i.answer)).toEqual(
      [3, 3, 2, 2, 1].map((valueInteger) => [{ valueInteger }]),
    );

    // Scores: final survey Observations about the Patient, when the form was sent, from the response.
    const observations = of('Observation');
    for (const o of observations) {
      expect(o.status).toBe('final');
      expect(o.category).toEqual([
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' },
          ],
        },
      ]);
      expect(o.subject).toEqual({ reference: patientUrl });
      const [from] = o.derivedFrom as Array<{ reference: string }>;
      expect(byUrl.get(from!.reference)?.resourceType).toBe('QuestionnaireResponse');
      expect(o.effectiveDateTime).toBe(byUrl.get(from!.reference)!.authored);
    }
    const phq9Total = observations.find((o) => o.code.coding[0].code === '44261-6')!;
    expect(phq9Total.code.coding).toEqual([
      {
        system: 'http://loinc.org',
        code: '44261-6',
        display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
      },
    ]);
    expect(phq9Total.valueQuantity).toEqual({
      value: 7,
      unit: 'score',
      system: 'http://unitsofmeasure.org',
      code: '{score}',
    });
    expect(phq9Total.interpretation).toEqual([{ text: expect.stringContaining('Mild') }]);
    const who5Total = observations.find((o) => o.code.coding[0].code === 'who-5')!;
    // The WHO-5 is reported as a percentage: its raw 11 times 4.
    expect(who5Total.valueQuantity.value).toBe(44);
  });

  it('audits the request, the preparation and the download, each naming the person', async () => {
    const { sam } = await practiceWithHistory();
    const id = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
    await t.current.app.jobs.runDue();
    await ok(await download(sam.person, id));
    const records = await t.current.database.db
      .selectFrom('auditEvents')
      .innerJoin('auditEventPeople', 'auditEventPeople.eventId', 'auditEvents.id')
      .select(['auditEvents.action', 'auditEvents.actorUserId', 'auditEvents.subjectId', 'auditEventPeople.personId'])
      .where('auditEvents.action', 'like', 'data_export.%')
      .orderBy('auditEvents.seq')
      .execute();
    expect(records).toEqual(
      ['data_export.requested', 'data_export.prepared', 'data_export.downloaded'].map((action) => ({
        action,
        actorUserId: sam.person.userId,
        subjectId: id,
        personId: sam.person.userId,
      })),
    );
    const history = (await call(sam.person, 'GET', '/api/me/access-history')).json().events as Array<{
      action: string;
    }>;
    expect(history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['data_export.requested', 'data_export.prepared', 'data_export.downloaded']),
    );
  });

  it('deletes the archive after 7 days and keeps a row saying it expired', async () => {
    const { sam } = await practiceWithHistory();
    const id = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
    await t.current.app.jobs.runDue();
    // A day before the week is over, it is still there.
    await t.current.app.jobs.runDue(new Date(Date.now() + 6 * DAY));
    await ok(await download(sam.person, id));

    await t.current.app.jobs.runDue(new Date(Date.now() + 7 * DAY + 2 * 3_600_000));
    const row = await t.current.database.db
      .selectFrom('dataExports')
      .select(['status', 'archive', 'archiveBytes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect(row.archive).toBeNull();
    const gone = await download(sam.person, id);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    const listed = (await call(sam.person, 'GET', '/api/me/data-exports')).json().exports as Export[];
    expect(listed).toEqual([expect.objectContaining({ id, status: 'expired' })]);

    // A new request is a new archive.
    const fresh = await ok(await call(sam.person, 'POST', '/api/me/data-exports'), 201);
    expect(fresh.json().id).not.toBe(id);
  });

  it('makes one request of two sent at once, and replays an Idempotency-Key', async () => {
    const { sam } = await practiceWithHistory();
    const both = await Promise.all([
      call(sam.person, 'POST', '/api/me/data-exports'),
      call(sam.person, 'POST', '/api/me/data-exports'),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(both.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.current.database.db
      .selectFrom('dataExports')
      .select('id')
      .where('userId', '=', sam.person.userId)
      .execute();
    expect(rows).toHaveLength(1);
    const jobs = await t.current.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'data-exports.prepare')
      .execute();
    expect(jobs).toHaveLength(1);

    // The same key after it is ready answers as the first time, making nothing new.
    const keyed = (key: string) =>
      t.current.app.inject({
        method: 'POST',
        url: '/api/me/data-exports',
        headers: { cookie: sam.person.cookie, 'idempotency-key': key },
      });
    await t.current.app.jobs.runDue();
    const made = await keyed('my-data-key-0001');
    expect(made.statusCode).toBe(201);
    const replayed = await keyed('my-data-key-0001');
    expect(replayed.json().id).toBe(made.json().id);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });

  it('re-seals a kept archive with a new key, like all clinical text', async () => {
    const { sam } = await practiceWithHistory();
    const id = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
    await t.current.app.jobs.runDue();
    const rotated = clinicalCipherOf({
      current: 'another-secret-key-that-is-long-enough-9876',
      previous: TEST_SECRET_KEY,
    });
    expect(await reencryptClinicalText(t.current.database.db, rotated)).toBeGreaterThan(0);
    const row = await t.current.database.db
      .selectFrom('dataExports')
      .select('archive')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.archive!.startsWith(rotated.currentPrefix)).toBe(true);
    const zip = Buffer.from(rotated.decrypt(row.archive!, sealedIn('dataExports.archive', id)), 'base64');
    expect(Object.keys(unzipSync(new Uint8Array(zip)))).toHaveLength(3);
  });

  it('marks a request it could not prepare as failed, so the person can ask again', async () => {
    const { sam } = await practiceWithHistory();
    // A sealed value that no longer opens (changed in the database): nothing half-made is kept.
    await t.current.database.db
      .updateTable('groupMembers')
      .set({ screeningAnswers: 'v2.AAAAAAAA.AAAA.AAAA.AAAA' })
      .where('userId', '=', sam.person.userId)
      .where('screeningAnswers', 'is not', null)
      .execute();
    const id = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
    await t.current.app.jobs.runDue();
    const [failed] = (await call(sam.person, 'GET', '/api/me/data-exports')).json().exports as Export[];
    expect(failed).toMatchObject({ id, status: 'failed' });
    expect((await download(sam.person, id)).statusCode).toBe(409);
    const again = await ok(await call(sam.person, 'POST', '/api/me/data-exports'), 201);
    expect(again.json().id).not.toBe(id);
  });

  it('writes the summary in the person’s own language', async () => {
    const { sam } = await practiceWithHistory();
    await t.current.database.db
      .updateTable('users')
      .set({ locale: 'es' })
      .where('id', '=', sam.person.userId)
      .execute();
    const id = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
    await t.current.app.jobs.runDue();
    const files = unzipSync(new Uint8Array((await ok(await download(sam.person, id), 200)).rawPayload));
    const summary = strFromU8(files[ARCHIVE_FILES.summary]!);
    expect(summary).toContain('<html lang="es" dir="ltr">');
    expect(summary).toContain('<h1>Tus datos de Hearth</h1>');
    expect(summary).toContain('<td>Llegó tarde</td>');
    expect(summary).toContain('<td>Pidió una copia de sus datos</td>');
    expect(JSON.parse(strFromU8(files[ARCHIVE_FILES.data]!)).locale).toBe('es');
  });
});
