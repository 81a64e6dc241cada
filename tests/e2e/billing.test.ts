import fs from 'node:fs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../server/testing/group-fixtures.js';
import { INSURED_RECORD } from '../../server/testing/billing-fixtures.js';
import { pdfText } from '../../server/testing/pdf-text.js';
import { OWNER, type SignedIn } from '../../server/testing/test-app.js';
import {
  browserAvailable,
  EXPECTED_4XX,
  expectNoAxeViolations,
  followNavLink,
  launchBrowser,
  signIn,
  watchConsole,
  type Browser,
} from './browser.js';
import { startJourneyServer } from './server.js';

const DAY = 86_400_000;

describe.skipIf(!browserAvailable())(
  'billing: settings, a session billed, lines ready once signed and diagnosed, CSV and superbill',
  () => {
    let server: Awaited<ReturnType<typeof startJourneyServer>>;
    let browser: Browser;
    let fixture: GroupFixture;
    let sessionId: string;

    /** A request to the journey's app as someone, for what this journey does not do through the browser. */
    const as = (who: SignedIn, method: string, url: string, payload?: object) =>
      server.app.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: who.cookie },
        ...(payload && { payload }),
      });

    beforeAll(async () => {
      server = await startJourneyServer();
      fixture = await groupWithMembers(server.app, { members: ['Sam'] });
      const sam = fixture.members[0]!;
      await backdateMembership(server.app, sam.memberId, new Date(Date.now() - 30 * DAY));
      // Two days ago, but never before this month began where the browser is: the billing page opens on
      // this month, and on the 1st or 2nd a session two days back would be last month's and not listed.
      const monthBegan = DateTime.now().setZone(Intl.DateTimeFormat().resolvedOptions().timeZone).startOf('month');
      const startsAt = Math.max(Date.now() - 2 * DAY, monthBegan.toMillis());
      sessionId = await insertPastSession(server.app, fixture, new Date(startsAt));
      const marked = await as(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${sessionId}/attendance`, {
        marks: [{ memberId: sam.memberId, status: 'present' }],
      });
      expect(marked.statusCode, marked.body).toBe(204);
      const record = await as(fixture.maya, 'PUT', `/api/people/${sam.person.userId}/clinical-record`, {
        legalName: 'Samuel Núñez',
        dateOfBirth: '1990-04-02',
        pronouns: '',
        address: '3 Calle Mayor, Portland, ME',
        // Sam is insured but no diagnosis is recorded yet: his line cannot be claimed until there is one.
        diagnosisCodes: [],
        payer: { kind: 'insurance', name: 'Harbour Mutual', memberNumber: 'HM-22' },
        goals: [{ words: 'Say no at work', measure: 'Once a week' }],
      });
      expect(record.statusCode, record.body).toBe(200);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('refuses a bad NPI, bills the session, exports the signed line as CSV and downloads a superbill', async () => {
      const { page } = browser;
      const errors = watchConsole(page);
      await signIn(page, server.url, OWNER.email, OWNER.password, fixture.owner.twoFactorSecret);

      // Settings: a mistyped NPI is refused on its field, the right one is saved.
      await followNavLink(page, 'Billing');
      await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      await expectNoAxeViolations(page, 'billing, empty');
      await page.getByRole('link', { name: /Billing settings/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Billing settings' }).waitFor();
      await page.getByLabel('Name claims are billed under').fill('Harbour Light Group Practice, PLLC');
      await page.getByLabel('Billing address').fill('14 Harbour Street, Portland, ME 04101');
      await page.getByLabel('Tax ID').fill('12-3456789');
      await page.getByLabel('Practice NPI (type 2)').fill('1245319590');
      await page.getByLabel('90853: group psychotherapy').fill('65.00');
      await page.getByLabel('90785: interactive complexity (add-on)').fill('15');
      await page.getByRole('button', { name: 'Save billing details' }).click();
      await page
        .getByRole('alert')
        .getByText(/The practice’s NPI \(type 2\) is not a valid NPI/)
        .waitFor();
      await expect.poll(() => page.getByLabel('Practice NPI (type 2)').getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page, 'billing settings, NPI refused');
      await page.getByLabel('Practice NPI (type 2)').fill('1245319599');
      await page.getByRole('button', { name: 'Save billing details' }).click();
      await page.getByRole('status').getByText('Saved.').first().waitFor();
      const maya = page.getByRole('region', { name: 'Maya Okafor’s billing identifiers' });
      await maya.getByLabel('Individual NPI (type 1)').fill('1234567893');
      await maya.getByLabel('Licence').fill('LCSW 12345 (ME)');
      await maya.getByLabel('Taxonomy code').fill('1041c0700x');
      await maya.getByRole('button', { name: 'Save identifiers' }).click();
      await maya.getByText('Saved.').waitFor();
      await expectNoAxeViolations(page, 'billing settings, saved');

      // The session: Sam attended; bill it, with interactive complexity.
      await page.goto(`${server.url}/groups/${fixture.groupId}/sessions/${sessionId}`);
      const billing = page.getByRole('region', { name: 'Billing' });
      await billing.getByLabel('Interactive complexity for Sam (adds 90785)').check();
      // Sam joined this online group from work, not home: place of service 02.
      await billing.getByLabel('Where Sam joined from (place of service)').selectOption({ label: 'Not at home (02)' });
      await expectNoAxeViolations(page, 'attendance with billing');
      await billing.getByRole('button', { name: 'Bill this session for 1 person' }).click();
      await billing.getByText('Sam: 90853 + 90785, Awaiting signed note').waitFor();

      // Maya signs the notes (the notes journey covers doing so in the browser).
      const notes = `/api/groups/${fixture.groupId}/sessions/${sessionId}/notes`;
      const started = await as(fixture.maya, 'POST', notes);
      expect(started.statusCode, started.body).toBe(200);
      await as(fixture.maya, 'PUT', `${notes}/group`, {
        content: {
          themes: 'Boundaries at work.',
          interventions: ['psychoeducation'],
          interventionsOther: '',
          groupProcess: 'Warm.',
          factors: ['universality'],
          risk: 'None.',
        },
      });
      for (const note of started.json().notes as Array<{ memberId: string }>)
        await as(fixture.maya, 'PUT', `${notes}/members/${note.memberId}`, {
          content: {
            sections: { data: 'Practised saying no.', assessment: 'Engaged.', plan: 'Practise.' },
            participation: 'Active.',
            goalProgress: 'One boundary held.',
            risk: 'None observed.',
          },
        });
      const signed = await as(fixture.maya, 'POST', `${notes}/sign`);
      expect(signed.statusCode, signed.body).toBe(200);

      // Signed, but Sam's record has no diagnosis: the session and the billing page say so. The owner does
      // not run the group and cannot open the record (decision 0019), so they are told whom to ask.
      await page.reload();
      await billing.getByText('Sam: 90853 + 90785, Needs a diagnosis').waitFor();
      await billing.getByText('Ask Maya Okafor to add a diagnosis to the clinical record of Sam.').waitFor();
      await expectNoAxeViolations(page, 'attendance, line needs a diagnosis');
      await followNavLink(page, 'Billing');
      const lines = page.getByRole('region', { name: 'Billing lines' });
      await lines.getByText('Needs a diagnosis', { exact: true }).waitFor();
      await lines.getByText('Ask Maya Okafor to add a diagnosis to the clinical record of Sam Legal.').waitFor();
      await page.getByText('No line in these dates is ready yet.').waitFor();
      await page
        .getByText('1 signed line needs a diagnosis code in the member’s clinical record before it can be exported.')
        .waitFor();
      await page.getByText(/^Superbill for Sam Legal: not yet, a superbill needs a diagnosis code/).waitFor();
      expect(await page.getByRole('link', { name: 'Superbill for Sam Legal (PDF)' }).count()).toBe(0);
      await expectNoAxeViolations(page, 'billing, a line needs a diagnosis');
      await page.getByRole('button', { name: 'Export ready lines as CSV' }).click();
      await page
        .getByRole('alert')
        .getByText(/1 line needs a diagnosis code .*\(Sam Legal\)/)
        .waitFor();

      // Maya, who runs the group, adds the diagnosis to Sam's record (the notes journey covers that page).
      const diagnosed = await as(
        fixture.maya,
        'PUT',
        `/api/people/${fixture.members[0]!.person.userId}/clinical-record`,
        INSURED_RECORD,
      );
      expect(diagnosed.statusCode, diagnosed.body).toBe(200);

      // With the diagnosis saved the line is ready, with no other step; export it, then record the payment.
      await page.reload();
      await lines.getByText('Ready', { exact: true }).waitFor();
      await page.getByText('1 line in these dates is ready to export.').waitFor();
      await expectNoAxeViolations(page, 'billing, one ready line');
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export ready lines as CSV' }).click(),
      ]);
      const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^line_id,service_date,patient_name,/);
      expect(csv).toContain('Samuel Núñez');
      expect(csv).toContain(',02,90853,95,90785,1,F41.1,65.00,15.00,80.00,,exported');
      await page.getByText(/^Exported\. The file is in your downloads/).waitFor();
      await lines.getByText('Exported', { exact: true }).waitFor();

      const [pdfDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Superbill for Sam Legal (PDF)' }).click(),
      ]);
      const text = (await pdfText(fs.readFileSync((await pdfDownload.path())!))).join('\n');
      for (const words of ['Superbill', 'Samuel Núñez', '1245319599', '1234567893', 'F41.1', '90853', '80.00'])
        expect(text).toContain(words);

      await lines.getByLabel('What happened to Sam Legal’s line').selectOption('paid');
      // The amount starts as the whole charge; Sam paid part of it.
      expect(await lines.getByLabel('Amount paid').inputValue()).toBe('80.00');
      await lines.getByLabel('Amount paid').fill('50');
      await lines.getByLabel('Note (optional)').fill('Paid at the session');
      await lines.getByRole('button', { name: 'Save' }).click();
      await lines.getByText('Paid', { exact: true }).waitFor();
      await lines.getByText('Paid 50.00').waitFor();
      await lines.getByText('Paid at the session').waitFor();
      await expectNoAxeViolations(page, 'billing, paid');

      // The superbill now says what was paid and what is still owed.
      const [paidDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Superbill for Sam Legal (PDF)' }).click(),
      ]);
      const paidText = (await pdfText(fs.readFileSync((await paidDownload.path())!))).join('\n');
      expect(paidText).toMatch(/Total paid:\s*50\.00/);
      expect(paidText).toMatch(/Balance due:\s*30\.00/);
      // The one refusal is the export tried while Sam's line needed a diagnosis.
      expect(errors.filter((e) => !EXPECTED_4XX.test(e))).toEqual([
        'Failed to load resource: the server responded with a status of 409 (Conflict)',
      ]);
    });
  },
);
