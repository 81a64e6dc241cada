import { expect, it } from 'vitest';
import { groupWithMembers } from '../../testing/group-fixtures.js';
import { callerOf, describeEachEngine, useTestApp } from '../../testing/test-app.js';

const PHQ9_WITH_ITEM9 = { 1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 1, 8: 0, 9: 1 };

/** Every member action checks the membership's status now, not only reads (domain/membership MEMBER_ACTIONS). */
describeEachEngine('member actions after a membership ends', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  it('refuses a removed member, or one who left, the group’s forms, its alerts and its reminders; one on leave still answers', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria', 'Noor'] });
    const [sam, ria, noor] = fixture.members;
    const base = `/api/groups/${fixture.groupId}`;
    await call(fixture.maya, 'PUT', `${base}/measures`, {
      measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
    });
    const formOf = async (who: typeof sam) =>
      (
        await t.current.database.db
          .selectFrom('measureForms')
          .select('id')
          .where('groupMemberId', '=', who!.memberId)
          .executeTakeFirstOrThrow()
      ).id;
    const forms = { sam: await formOf(sam), ria: await formOf(ria), noor: await formOf(noor) };
    for (const [who, status] of [
      [sam, 'removed'],
      [ria, 'left'],
      [noor, 'on-leave'],
    ] as const) {
      const changed = await call(fixture.maya, 'POST', `${base}/members/${who!.memberId}/status`, {
        status,
        ...(status !== 'on-leave' && { reason: 'Ended for the test.' }),
      });
      expect(changed.statusCode, changed.body).toBe(200);
    }

    for (const [who, formId] of [
      [sam, forms.sam],
      [ria, forms.ria],
    ] as const) {
      expect((await call(who!.person, 'GET', '/api/my/measures')).json().waiting).toEqual([]);
      const saved = await call(who!.person, 'PUT', `/api/my/measures/${formId}/answers`, { answers: { 9: 2 } });
      expect(saved.statusCode, saved.body).toBe(409);
      const sent = await call(who!.person, 'POST', `/api/my/measures/${formId}/submission`, {
        answers: PHQ9_WITH_ITEM9,
      });
      expect(sent.statusCode, sent.body).toBe(409);
      expect(sent.json().detail).toMatch(/Your place in this group has ended/);
      expect(
        (await call(who!.person, 'PUT', `/api/my/groups/${fixture.groupId}/reminders`, { on: false })).statusCode,
      ).toBe(409);
      expect(
        (
          await call(who!.person, 'POST', `/api/my/groups/${fixture.groupId}/join`, {
            agreementVersion: 1,
            displayName: 'Back',
          })
        ).statusCode,
      ).toBe(409);
    }
    const alerts = await t.current.database.db.selectFrom('alerts').select('id').execute();
    expect(alerts).toEqual([]);

    // On leave is still a member: the form and its safety routing work as before.
    expect((await call(noor!.person, 'GET', '/api/my/measures')).json().waiting).toHaveLength(1);
    const sent = await call(noor!.person, 'POST', `/api/my/measures/${forms.noor}/submission`, {
      answers: PHQ9_WITH_ITEM9,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await t.current.database.db.selectFrom('alerts').select('id').execute()).toHaveLength(1);
  });
});
