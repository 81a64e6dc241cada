import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { auditEventsOf } from '../../testing/audit-events.js';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import { pdfText } from '../../testing/pdf-text.js';
import { addPerson, callerOf, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';
import { MAYA_BILLING, SETTINGS } from '../../testing/billing-fixtures.js';
import { zoneWhoseDateIsNotUtcs } from '../../testing/zones.js';

const DAY = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

const GROUP_PART = {
  themes: 'Boundaries at work; saying no without guilt.',
  interventions: ['psychoeducation'],
  interventionsOther: '',
  groupProcess: 'Members linked their stories.',
  factors: ['universality'],
  risk: 'No risk discussed.',
};
const OWN_PART = {
  sections: { data: 'Practised saying no.', assessment: 'Engaged.', plan: 'Practise once this week.' },
  participation: 'Active.',
  goalProgress: 'One boundary held.',
  risk: 'None observed.',
};

/** A CSV's rows as arrays of cells (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  return rows;
}

describeEachEngine('billing lines', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  /** An online group whose session last week Sam and Ria attended and Tom missed; billing set up; Sam's and Ria's records kept. */
  async function billedPractice(meetingMode: 'online' | 'in-person' | 'hybrid' = 'online') {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria', 'Tom'], meetingMode });
    for (const m of fixture.members) await backdateMembership(t.current, m.memberId, new Date(Date.now() - 30 * DAY));
    const sessionId = await insertPastSession(t.current, fixture, new Date(Date.now() - 7 * DAY));
    const [sam, ria, tom] = fixture.members as [
      (typeof fixture.members)[0],
      (typeof fixture.members)[0],
      (typeof fixture.members)[0],
    ];
    const marked = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${sessionId}/attendance`, {
      marks: [
        { memberId: sam.memberId, status: 'present' },
        { memberId: ria.memberId, status: 'late' },
        { memberId: tom.memberId, status: 'absent-unexcused' },
      ],
    });
    expect(marked.statusCode, marked.body).toBe(204);
    expect((await call(fixture.owner, 'PUT', '/api/billing/settings', SETTINGS)).statusCode).toBe(200);
    expect(
      (await call(fixture.maya, 'PUT', `/api/billing/clinicians/${fixture.maya.userId}`, MAYA_BILLING)).statusCode,
    ).toBe(200);
    await record(fixture.maya, sam.person.userId, 'Samuel Núñez', ['F41.1', 'F43.10']);
    // A name a spreadsheet would run as a formula, to show the export defuses it.
    await record(fixture.maya, ria.person.userId, '=HYPERLINK("http://x.test")', ['F33.1']);
    const base = `/api/groups/${fixture.groupId}/sessions/${sessionId}`;
    return { fixture, sessionId, sam, ria, tom, base };
  }

  async function record(
    who: SignedIn,
    userId: string,
    legalName: string,
    diagnosisCodes: string[],
    payer = { kind: 'insurance', name: 'Harbour Mutual', memberNumber: 'HM-22' },
  ) {
    const saved = await call(who, 'PUT', `/api/people/${userId}/clinical-record`, {
      legalName,
      dateOfBirth: '1990-04-02',
      pronouns: '',
      address: '3 Calle Mayor, Portland, ME',
      diagnosisCodes,
      payer,
      goals: [{ words: 'Say no at work', measure: 'Once a week' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }

  async function signNotes(who: SignedIn, base: string) {
    const started = await call(who, 'POST', `${base}/notes`);
    expect(started.statusCode, started.body).toBe(200);
    expect((await call(who, 'PUT', `${base}/notes/group`, { content: GROUP_PART })).statusCode).toBe(200);
    for (const note of started.json().notes as Array<{ memberId: string }>) {
      const saved = await call(who, 'PUT', `${base}/notes/members/${note.memberId}`, { content: OWN_PART });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const signed = await call(who, 'POST', `${base}/notes/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    return started.json().notes as Array<{ id: string; memberId: string }>;
  }

  it('bills who attended, is ready once the note is signed, exports a formula-safe CSV and records outcomes', async () => {
    const { fixture, sam, ria, tom, base } = await billedPractice();
    const { maya, owner } = fixture;
    const range = { from: day(Date.now() - 30 * DAY), to: day(Date.now()) };

    const absent = await call(maya, 'POST', `${base}/billing-lines`, { lines: [{ memberId: tom.memberId }] });
    expect(absent.statusCode).toBe(400);
    expect(absent.json().errors).toEqual([
      {
        field: 'body.lines.0.memberId',
        message: 'This person did not attend this session, so it cannot be billed for them.',
      },
    ]);

    const created = await call(maya, 'POST', `${base}/billing-lines`, {
      lines: [{ memberId: sam.memberId, interactiveComplexity: true }, { memberId: ria.memberId }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const samLine = created.json().lines.find((l: { memberId: string }) => l.memberId === sam.memberId);
    expect(samLine).toMatchObject({
      cpt: '90853',
      addOn: '90785',
      placeOfService: '10',
      modifier: '95',
      units: 1,
      feeCents: 6500,
      addOnFeeCents: 1500,
      diagnosisCodes: ['F41.1', 'F43.10'],
      status: 'awaiting-note',
      clinicianName: 'Maya Okafor',
    });
    const sessionRead = await call(maya, 'GET', `${base}/billing-lines`);
    expect(sessionRead.json().lines).toHaveLength(2);
    const viewed = await auditEventsOf(t.current.database, 'billing.lines_viewed');
    expect(viewed).toHaveLength(1);
    const twice = await call(maya, 'POST', `${base}/billing-lines`, { lines: [{ memberId: sam.memberId }] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].field).toBe('body.lines.0.memberId');

    const early = await call(owner, 'POST', '/api/billing/exports', range);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('once its note is signed');

    await signNotes(maya, base);
    const lines = (await call(owner, 'GET', `/api/billing/lines?from=${range.from}&to=${range.to}`)).json().lines;
    expect(lines.map((l: { status: string }) => l.status)).toEqual(['ready', 'ready']);

    const exported = await call(owner, 'POST', '/api/billing/exports', range);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = parseCsv(exported.body);
    const column = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(2);
    const samRow = rows.find((r) => r[column('patient_name')] === 'Samuel Núñez')!;
    expect(samRow[column('diagnosis_codes')]).toBe('F41.1 F43.10');
    expect(samRow[column('total')]).toBe('80.00');
    expect(samRow[column('amount_paid')]).toBe('');
    expect(samRow[column('place_of_service')]).toBe('10');
    expect(samRow[column('units')]).toBe('1');
    expect(samRow[column('patient_date_of_birth')]).toBe('1990-04-02');
    expect(samRow[column('rendering_npi')]).toBe('1234567893');
    expect(samRow[column('billing_npi')]).toBe('1245319599');
    expect(samRow[column('modifier')]).toBe('95');
    expect(samRow[column('payer')]).toBe('Harbour Mutual');
    const riaRow = rows.find((r) => r[column('diagnosis_codes')] === 'F33.1')!;
    expect(riaRow[column('patient_name')]).toBe('\'=HYPERLINK("http://x.test")');
    expect((await call(owner, 'POST', '/api/billing/exports', range)).statusCode).toBe(409);

    // Codes as claimed stay on the line, whatever the record says later.
    await record(maya, sam.person.userId, 'Samuel Núñez', ['F32.0']);
    const after = (await call(owner, 'GET', `/api/billing/lines?from=${range.from}&to=${range.to}`)).json().lines;
    const samAfter = after.find((l: { memberId: string }) => l.memberId === sam.memberId);
    expect(samAfter).toMatchObject({ status: 'exported', diagnosisCodes: ['F41.1', 'F43.10'] });

    const overpaid = await call(owner, 'POST', `/api/billing/lines/${samAfter.id}/outcome`, {
      status: 'paid',
      paidCents: 8001,
    });
    expect(overpaid.statusCode).toBe(400);
    expect(overpaid.json().errors).toEqual([
      { field: 'body.paidCents', message: 'The amount paid cannot be more than the line’s charge of 80.00.' },
    ]);
    const deniedWithAmount = await call(owner, 'POST', `/api/billing/lines/${samAfter.id}/outcome`, {
      status: 'denied',
      paidCents: 100,
    });
    expect(deniedWithAmount.statusCode).toBe(400);
    expect(deniedWithAmount.json().errors[0].field).toBe('body.paidCents');
    const paid = await call(owner, 'POST', `/api/billing/lines/${samAfter.id}/outcome`, {
      status: 'paid',
      note: 'EOB 2026-11 check 5512',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    // Paid without an amount: the whole charge (90853 65.00 + 90785 15.00).
    expect(paid.json()).toMatchObject({ status: 'paid', statusNote: 'EOB 2026-11 check 5512', paidCents: 8000 });
    const again = await call(owner, 'POST', `/api/billing/lines/${samAfter.id}/outcome`, { status: 'denied' });
    expect(again.statusCode).toBe(409);
    const riaLine = after.find((l: { memberId: string }) => l.memberId === ria.memberId);
    expect(
      (await call(maya, 'POST', `/api/billing/lines/${riaLine.id}/outcome`, { status: 'denied' })).statusCode,
    ).toBe(200);
    const writtenOff = await call(maya, 'POST', `/api/billing/lines/${riaLine.id}/outcome`, { status: 'written-off' });
    expect(writtenOff.json()).toMatchObject({ status: 'written-off', paidCents: null });
    expect(
      (await call(maya, 'POST', `/api/billing/lines/${riaLine.id}/outcome`, { status: 'bounced' })).statusCode,
    ).toBe(400);

    const actions = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', 'like', 'billing.%')
      .execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'billing.settings_changed',
        'billing.clinician_changed',
        'billing.lines_created',
        'billing.lines_viewed',
        'billing.exported',
        'billing.paid',
        'billing.denied',
        'billing.written_off',
      ]),
    );
  });

  it('holds an insured member’s signed line without a diagnosis out of the export and superbill until the record has one', async () => {
    const { fixture, sam, ria, base } = await billedPractice();
    const { maya, owner } = fixture;
    const range = { from: day(Date.now() - 30 * DAY), to: day(Date.now()) };
    const list = async () =>
      (await call(owner, 'GET', `/api/billing/lines?from=${range.from}&to=${range.to}`)).json().lines as Array<{
        memberId: string;
        status: string;
        diagnosisCodes: string[];
      }>;
    const statusOf = async (memberId: string) => (await list()).find((l) => l.memberId === memberId)!.status;
    // Sam is insured and his record has no diagnosis; Ria pays for herself and has none either.
    await record(maya, sam.person.userId, 'Samuel Núñez', []);
    await record(maya, ria.person.userId, 'Ria Patel', [], { kind: 'self-pay', name: '', memberNumber: '' });
    const created = await call(maya, 'POST', `${base}/billing-lines`, {
      lines: [{ memberId: sam.memberId }, { memberId: ria.memberId }],
    });
    expect(created.statusCode, created.body).toBe(201);
    await signNotes(maya, base);

    expect(await statusOf(sam.memberId)).toBe('needs-diagnosis');
    expect(await statusOf(ria.memberId)).toBe('ready');
    const waiting = await call(
      owner,
      'GET',
      `/api/billing/lines?from=${range.from}&to=${range.to}&status=needs-diagnosis`,
    );
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().lines.map((l: { memberId: string }) => l.memberId)).toEqual([sam.memberId]);
    const session = (await call(maya, 'GET', `${base}/billing-lines`)).json().lines as Array<{
      memberId: string;
      status: string;
    }>;
    expect(session.find((l) => l.memberId === sam.memberId)!.status).toBe('needs-diagnosis');

    // The export takes Ria's self-pay line and leaves Sam's out, still open.
    const first = await call(owner, 'POST', '/api/billing/exports', range);
    expect(first.statusCode, first.body).toBe(200);
    const [header, ...rows] = parseCsv(first.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]![header!.indexOf('patient_name')]).toBe('Ria Patel');
    expect(rows[0]![header!.indexOf('diagnosis_codes')]).toBe('');
    expect(await statusOf(sam.memberId)).toBe('needs-diagnosis');
    const nothing = await call(owner, 'POST', '/api/billing/exports', range);
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().detail).toBe(
      'No billing line in these dates is ready. 1 line needs a diagnosis code in the member’s clinical record before it can be claimed (Sam Legal).',
    );

    // A superbill goes to an insurer whoever pays: without a diagnosis it is refused, naming the member and the date.
    const superbillOf = (userId: string) =>
      call(maya, 'GET', `/api/billing/people/${userId}/superbill.pdf?from=${range.from}&to=${range.to}`);
    const [samLine] = (await list()).filter((l) => l.memberId === sam.memberId) as Array<{
      serviceAt?: string;
      timeZone?: string;
    }>;
    const serviceDay = DateTime.fromISO(samLine!.serviceAt!, { zone: samLine!.timeZone! }).toISODate();
    const samRefused = await superbillOf(sam.person.userId);
    expect(samRefused.statusCode).toBe(409);
    expect(samRefused.json().detail).toContain(
      `Sam Legal’s superbill cannot be made yet: the session of ${serviceDay}`,
    );
    expect((await superbillOf(ria.person.userId)).statusCode).toBe(409);
    const downloads = await auditEventsOf(t.current.database, 'billing.superbill_downloaded');
    expect(downloads).toHaveLength(0);

    // Adding the diagnosis is the only step: the line is ready, exports with it, and the superbill prints it.
    await record(maya, sam.person.userId, 'Samuel Núñez', ['F41.1']);
    expect(await statusOf(sam.memberId)).toBe('ready');
    const second = await call(owner, 'POST', '/api/billing/exports', range);
    expect(second.statusCode, second.body).toBe(200);
    const [header2, ...rows2] = parseCsv(second.body);
    expect(rows2).toHaveLength(1);
    expect(rows2[0]![header2!.indexOf('patient_name')]).toBe('Samuel Núñez');
    expect(rows2[0]![header2!.indexOf('diagnosis_codes')]).toBe('F41.1');
    const samSuperbill = await superbillOf(sam.person.userId);
    expect(samSuperbill.statusCode, samSuperbill.body).toBe(200);
    expect((await pdfText(samSuperbill.rawPayload)).join('\n')).toContain('A. F41.1');
  });

  it('prints a superbill with everything a claim needs, in the reader’s language; a range of ten years is refused', async () => {
    const { fixture, sam, tom, base } = await billedPractice();
    const { maya } = fixture;
    const range = { from: day(Date.now() - 30 * DAY), to: day(Date.now()) };
    await call(maya, 'POST', `${base}/billing-lines`, {
      lines: [{ memberId: sam.memberId, interactiveComplexity: true }],
    });
    const url = `/api/billing/people/${sam.person.userId}/superbill.pdf?from=${range.from}&to=${range.to}`;
    expect((await call(maya, 'GET', url)).statusCode).toBe(404);
    await signNotes(maya, base);

    // Exported and part paid: the superbill says what was paid and what is still owed.
    expect((await call(maya, 'POST', '/api/billing/exports', range)).statusCode).toBe(200);
    const [exported] = (await call(maya, 'GET', `/api/billing/lines?from=${range.from}&to=${range.to}`)).json().lines;
    const partPaid = await call(maya, 'POST', `/api/billing/lines/${exported.id}/outcome`, {
      status: 'paid',
      paidCents: 5000,
    });
    expect(partPaid.statusCode, partPaid.body).toBe(200);

    const pdf = await call(maya, 'GET', url);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).join('\n');
    expect(text).toMatch(/Total charged:\s*80\.00/);
    expect(text).toMatch(/Total paid:\s*50\.00/);
    expect(text).toMatch(/Balance due:\s*30\.00/);
    const serviceDay = DateTime.fromISO(exported.serviceAt, { zone: exported.timeZone }).toISODate()!;
    expect(text).toContain(DateTime.fromISO(serviceDay).setLocale('en').toLocaleString(DateTime.DATE_MED));
    expect(text).toMatch(/Date of birth:\s*Apr 2, 1990/);
    for (const words of [
      'Superbill',
      'Harbour Light Group Practice, PLLC',
      '12-3456789',
      '1245319599',
      'Samuel Núñez',
      '3 Calle Mayor',
      'Harbour Mutual',
      'HM-22',
      'A. F41.1',
      'B. F43.10',
      '90853',
      '90785',
      '95',
      'Maya Okafor',
      '1234567893',
      'LCSW 12345 (ME)',
      '1041C0700X',
      '80.00',
    ])
      expect(text).toContain(words);

    const spanishReader = await call(maya, 'PUT', '/api/me/preferences', { locale: 'es' });
    expect(spanishReader.statusCode, spanishReader.body).toBe(200);
    const spanish = await call(maya, 'GET', url);
    const texto = (await pdfText(spanish.rawPayload)).join('\n');
    for (const words of ['Recibo detallado (superbill)', 'Dirección', 'Número fiscal', 'Diagnósticos', 'Samuel Núñez'])
      expect(texto).toContain(words);

    // Years back by the calendar, so 29 February becomes the 28th in a year without one rather than a date
    // that does not exist (which would be refused as the wrong field on leap day).
    const yearsBefore = (years: number) => DateTime.fromISO(range.to).minus({ years }).toISODate()!;
    const tenYearsBefore = yearsBefore(10);
    const tooLong = await call(
      maya,
      'GET',
      `/api/billing/people/${sam.person.userId}/superbill.pdf?from=${tenYearsBefore}&to=${range.to}`,
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0]).toMatchObject({ field: 'query.to', message: 'Elige como máximo 366 días.' });
    const aYear = yearsBefore(1);
    const yearly = await call(
      maya,
      'GET',
      `/api/billing/people/${sam.person.userId}/superbill.pdf?from=${aYear}&to=${range.to}`,
    );
    expect(yearly.statusCode, yearly.body).toBe(200);
    const tom404 = await call(
      maya,
      'GET',
      `/api/billing/people/${tom.person.userId}/superbill.pdf?from=${range.from}&to=${range.to}`,
    );
    expect(tom404.statusCode).toBe(404);
    const audit = await auditEventsOf(t.current.database, 'billing.superbill_downloaded');
    expect(audit).toHaveLength(3);
  });

  it('dates a superbill on the day it is where its reader is, not in UTC', async () => {
    const { fixture, sam, base } = await billedPractice();
    const { maya } = fixture;
    await call(maya, 'POST', `${base}/billing-lines`, { lines: [{ memberId: sam.memberId }] });
    await signNotes(maya, base);
    const zone = zoneWhoseDateIsNotUtcs();
    expect((await call(maya, 'PUT', '/api/me/preferences', { timeZone: zone })).statusCode).toBe(200);
    const range = { from: day(Date.now() - 30 * DAY), to: day(Date.now() + DAY) };
    const pdf = await call(
      maya,
      'GET',
      `/api/billing/people/${sam.person.userId}/superbill.pdf?from=${range.from}&to=${range.to}`,
    );
    expect(pdf.statusCode, pdf.body).toBe(200);
    const issued = DateTime.now().setZone(zone).setLocale('en').toLocaleString(DateTime.DATE_MED);
    expect((await pdfText(pdf.rawPayload)).join(' ')).toContain(`Issued ${issued}.`);
  });

  it('prints a signed note with its signature block and addenda; a note the reader may not read is not there', async () => {
    const { fixture, base } = await billedPractice();
    const { maya, owner } = fixture;
    const started = await call(maya, 'POST', `${base}/notes`);
    const draftId = (started.json().notes as Array<{ id: string }>)[0]!.id;
    expect((await call(maya, 'GET', `/api/notes/${draftId}/pdf`)).statusCode).toBe(404);
    const notes = await signNotes(maya, base);
    const noteId = notes[0]!.id;
    const addendum = await call(maya, 'POST', `/api/notes/${noteId}/addenda`, {
      text: 'Añadido: habló con su médica el martes.',
    });
    expect(addendum.statusCode, addendum.body).toBe(200);

    const pdf = await call(maya, 'GET', `/api/notes/${noteId}/pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).join('\n');
    for (const words of [
      'Progress note',
      'Tuesday Skills Circle',
      'Boundaries at work; saying no without guilt.',
      'Psychoeducation',
      'Universality',
      'Practised saying no.',
      'Signatures',
      'Signed by: Maya Okafor',
      'SHA-256 of what was signed',
      'Addendum 1',
      'Añadido: habló con su médica el martes.',
    ])
      expect(text).toContain(words);

    // An owner sees the group but reads no notes (decision 0019): for them it is not there.
    expect((await call(owner, 'GET', `/api/notes/${noteId}/pdf`)).statusCode).toBe(404);
    expect((await call(maya, 'GET', '/api/notes/no-such-note/pdf')).statusCode).toBe(404);
    const audit = await auditEventsOf(t.current.database, 'billing.note_pdf_downloaded');
    expect(audit).toHaveLength(1);
  });

  it('bills an in-person group at the office, under 90849 when asked, without 90785 and as one unit', async () => {
    const inPerson = await billedPractice('in-person');
    // 90785's primary codes include group psychotherapy (90853), not family psychotherapy (90849).
    const withAddOn = await call(inPerson.fixture.maya, 'POST', `${inPerson.base}/billing-lines`, {
      code: '90849',
      lines: [{ memberId: inPerson.ria.memberId }, { memberId: inPerson.sam.memberId, interactiveComplexity: true }],
    });
    expect(withAddOn.statusCode).toBe(400);
    expect(withAddOn.json().errors).toEqual([
      {
        field: 'body.lines.1.interactiveComplexity',
        message: 'Interactive complexity (90785) is billed only with group psychotherapy (90853), not with 90849.',
      },
    ]);
    // Group psychotherapy is not a timed code: one unit per session, however long.
    const twoUnits = await call(inPerson.fixture.maya, 'POST', `${inPerson.base}/billing-lines`, {
      lines: [{ memberId: inPerson.sam.memberId, units: 2 }],
    });
    expect(twoUnits.statusCode).toBe(400);
    expect(twoUnits.json().errors[0].field).toBe('body.lines.0.units');
    expect(await t.current.database.db.selectFrom('billingLines').select('id').execute()).toHaveLength(0);

    const line = await call(inPerson.fixture.maya, 'POST', `${inPerson.base}/billing-lines`, {
      code: '90849',
      lines: [{ memberId: inPerson.sam.memberId }],
    });
    expect(line.statusCode, line.body).toBe(201);
    expect(line.json().lines[0]).toMatchObject({ cpt: '90849', placeOfService: '11', modifier: null, feeCents: 8000 });
  });

  it('asks a hybrid group how each person attended, and keeps other groups’ lines from a clinician', async () => {
    const hybrid = await billedPractice('hybrid');
    const tomCame = await call(hybrid.fixture.maya, 'PUT', `${hybrid.base}/attendance`, {
      marks: [{ memberId: hybrid.tom.memberId, status: 'present' }],
    });
    expect(tomCame.statusCode, tomCame.body).toBe(204);
    const unsaid = await call(hybrid.fixture.maya, 'POST', `${hybrid.base}/billing-lines`, {
      lines: [{ memberId: hybrid.sam.memberId }],
    });
    expect(unsaid.statusCode).toBe(400);
    expect(unsaid.json().errors[0].field).toBe('body.lines.0.attendedAs');
    // A telehealth place for someone who was in the room is refused, naming the line.
    const placeInRoom = await call(hybrid.fixture.maya, 'POST', `${hybrid.base}/billing-lines`, {
      lines: [
        { memberId: hybrid.sam.memberId, attendedAs: 'online' },
        { memberId: hybrid.ria.memberId, attendedAs: 'in-person', telehealthPlace: '02' },
      ],
    });
    expect(placeInRoom.statusCode).toBe(400);
    expect(placeInRoom.json().errors[0].field).toBe('body.lines.1.telehealthPlace');
    const said = await call(hybrid.fixture.maya, 'POST', `${hybrid.base}/billing-lines`, {
      lines: [
        { memberId: hybrid.sam.memberId, attendedAs: 'online' },
        { memberId: hybrid.ria.memberId, attendedAs: 'in-person' },
        // Tom joined online from work, not home: POS 02, still modifier 95.
        { memberId: hybrid.tom.memberId, attendedAs: 'online', telehealthPlace: '02' },
      ],
    });
    expect(said.statusCode, said.body).toBe(201);
    const byMember = (id: string) =>
      said.json().lines.find((l: { memberId: string }) => l.memberId === id) as {
        placeOfService: string;
        modifier: string | null;
      };
    expect(byMember(hybrid.sam.memberId)).toMatchObject({ placeOfService: '10', modifier: '95' });
    expect(byMember(hybrid.ria.memberId)).toMatchObject({ placeOfService: '11', modifier: null });
    expect(byMember(hybrid.tom.memberId)).toMatchObject({ placeOfService: '02', modifier: '95' });

    const other = await addPerson(t.current, {
      email: 'ola@harbour.test',
      role: 'clinician',
      practiceId: hybrid.fixture.practiceId,
    });
    const range = `from=${day(Date.now() - 30 * DAY)}&to=${day(Date.now())}`;
    expect((await call(other, 'GET', `/api/billing/lines?${range}`)).json().lines).toEqual([]);
    const lineId = said.json().lines[0].id as string;
    expect((await call(other, 'POST', `/api/billing/lines/${lineId}/outcome`, { status: 'paid' })).statusCode).toBe(
      404,
    );
    expect(
      (await call(other, 'GET', `/api/billing/people/${hybrid.sam.person.userId}/superbill.pdf?${range}`)).statusCode,
    ).toBe(404);
  });
});
