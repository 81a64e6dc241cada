import { expect, it } from 'vitest';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import { MAYA_BILLING, SETTINGS } from '../../testing/billing-fixtures.js';
import { callerOf, describeEachEngine, useTestApp } from '../../testing/test-app.js';

describeEachEngine('billing settings', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  it('refuses an NPI whose check digit is wrong, naming the field, then saves a good one with the fees', async () => {
    const { owner, maya } = await groupWithMembers(t.current);
    const wrong = await call(owner, 'PUT', '/api/billing/settings', { ...SETTINGS, npi: '1245319590' });
    expect(wrong.statusCode).toBe(400);
    const problem = wrong.json();
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.npi' })]);
    expect(problem.errors[0].message).toContain('NPI (type 2)');

    const saved = await call(owner, 'PUT', '/api/billing/settings', { ...SETTINGS, npi: '1245-3195 99' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().practice).toMatchObject({ npi: '1245319599', taxId: '12-3456789', telehealthPlace: '10' });
    expect(saved.json().fees).toEqual([
      { cpt: '90853', feeCents: 6500 },
      { cpt: '90849', feeCents: 8000 },
      { cpt: '90785', feeCents: 1500 },
    ]);

    const clinicianWrong = await call(maya, 'PUT', `/api/billing/clinicians/${maya.userId}`, {
      ...MAYA_BILLING,
      npi: '1234567890',
    });
    expect(clinicianWrong.statusCode).toBe(400);
    expect(clinicianWrong.json().errors[0]).toMatchObject({ field: 'body.npi' });
    expect(clinicianWrong.json().errors[0].message).toContain('NPI (type 1)');
    const mine = await call(maya, 'PUT', `/api/billing/clinicians/${maya.userId}`, MAYA_BILLING);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().clinicians).toEqual([{ userId: maya.userId, name: 'Maya Okafor', ...MAYA_BILLING }]);
    expect(mine.json().canEdit).toBe(false);

    const all = (await call(owner, 'GET', '/api/billing/settings')).json();
    expect(all.clinicians.map((c: { name: string }) => c.name)).toEqual(['Alex Morgan', 'Maya Okafor']);
    const actions = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', 'like', 'billing.%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['billing.clinician_changed', 'billing.settings_changed']);
  });

  it('refuses a clinician changing another clinician’s identifiers, and bad fields with their names', async () => {
    const { owner, maya } = await groupWithMembers(t.current);
    expect((await call(maya, 'PUT', `/api/billing/clinicians/${owner.userId}`, MAYA_BILLING)).statusCode).toBe(404);
    const bad = await call(owner, 'PUT', '/api/billing/settings', {
      ...SETTINGS,
      taxId: '123',
      telehealthPlace: '11',
      fees: [{ cpt: '99999', feeCents: -1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.fees.0.cpt', 'body.fees.0.feeCents', 'body.taxId', 'body.telehealthPlace']);
    const taxonomy = await call(owner, 'PUT', `/api/billing/clinicians/${maya.userId}`, {
      ...MAYA_BILLING,
      taxonomy: 'therapist',
    });
    expect(taxonomy.json().errors[0]).toMatchObject({ field: 'body.taxonomy' });
  });
});
