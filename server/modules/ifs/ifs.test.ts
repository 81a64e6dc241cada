import { expect, it } from 'vitest';
import { EIGHT_CS, type PartsMap } from '../../../domain/ifs.js';
import { createGroup, groupWithMembers } from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp } from '../../testing/test-app.js';

describeEachEngine('IFS-informed reflection aids', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  const map: PartsMap = {
    parts: [
      {
        id: 'p1',
        name: 'The Planner',
        role: 'manager',
        does: 'Makes lists at night',
        fears: 'Chaos',
        needs: 'Rest',
        x: 20,
        y: 30,
      },
      { id: 'p2', name: 'Little one', role: 'exile', does: '', fears: 'Being left', needs: 'To be seen', x: 70, y: 60 },
    ],
  };
  const ratings = Object.fromEntries(EIGHT_CS.map((c, i) => [c, i])) as Record<(typeof EIGHT_CS)[number], number>;

  async function setting() {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Rui'] });
    const [sam, rui] = f.members as [(typeof f.members)[0], (typeof f.members)[0]];
    const supervisor = await addPerson(t.current, {
      email: 'sup@harbour.test',
      role: 'supervisor',
      practiceId: f.practiceId,
    });
    const lee = await addPerson(t.current, {
      email: 'lee@harbour.test',
      role: 'clinician',
      practiceId: f.practiceId,
      name: 'Lee',
    });
    await createGroup(t.current, lee, { name: 'Another circle' });
    return { ...f, sam: sam.person, rui: rui.person, supervisor, lee };
  }

  it('a private parts map reaches no facilitator or peer; shared, it reaches the facilitators only', async () => {
    const s = await setting();
    const made = await call(s.sam, 'POST', '/api/my/ifs', { kind: 'partsMap', content: map });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect(made.json()).toMatchObject({ kind: 'partsMap', sharedAt: null });
    const stored = await t.current.database.db.selectFrom('ifsItems').select('content').executeTakeFirstOrThrow();
    expect(stored.content).not.toContain('Planner');

    const before = await call(s.maya, 'GET', `/api/people/${s.sam.userId}/ifs`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().items).toEqual([]);

    const shared = await call(s.sam, 'PUT', `/api/my/ifs/${id}/sharing`, { shared: true });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json().sharedAt).not.toBeNull();
    const after = await call(s.maya, 'GET', `/api/people/${s.sam.userId}/ifs`);
    expect(after.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(after.json().items[0].content.parts[0].name).toBe('The Planner');
    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'clinical.ifs_viewed')
      .execute();
    expect(audited).toHaveLength(1);

    // Peers (asking by Sam's id), supervisors, owners and clinicians of other groups: not there.
    for (const other of [s.rui, s.supervisor, s.owner, s.lee]) {
      const refused = await call(other, 'GET', `/api/people/${s.sam.userId}/ifs`);
      expect(refused.statusCode, refused.body).toBe(404);
      expect(refused.body).not.toContain('Planner');
    }
    // Another member cannot open, change, share or delete Sam's item by its id.
    for (const [method, url, body] of [
      ['PUT', `/api/my/ifs/${id}`, { kind: 'partsMap', content: map }],
      ['PUT', `/api/my/ifs/${id}/sharing`, { shared: false }],
      ['DELETE', `/api/my/ifs/${id}`, undefined],
    ] as const) {
      const refused = await call(s.rui, method, url, body);
      expect(refused.statusCode).toBe(404);
    }
    expect((await call(s.rui, 'GET', '/api/my/ifs')).json().items).toEqual([]);

    // Made private again, it is gone from the facilitator's view.
    await call(s.sam, 'PUT', `/api/my/ifs/${id}/sharing`, { shared: false });
    expect((await call(s.maya, 'GET', `/api/people/${s.sam.userId}/ifs`)).json().items).toEqual([]);
    expect((await call(s.sam, 'DELETE', `/api/my/ifs/${id}`)).statusCode).toBe(204);
    expect((await call(s.sam, 'GET', '/api/my/ifs')).json().items).toEqual([]);
  });

  it('a 6 Fs reflection is saved step by step, and a check-in keeps its ratings', async () => {
    const s = await setting();
    const started = await call(s.sam, 'POST', '/api/my/ifs', {
      kind: 'sixFs',
      content: { part: 'The critic', step: 0 },
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const saved = await call(s.sam, 'PUT', `/api/my/ifs/${id}`, {
      kind: 'sixFs',
      content: { part: 'The critic', step: 2, answers: { find: 'A tight chest', focus: 'It is loud' } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const mine = await call(s.sam, 'GET', '/api/my/ifs');
    expect(mine.json().items[0].content).toMatchObject({ step: 2, answers: { find: 'A tight chest' } });
    expect(mine.json().readers).toEqual(['Maya Okafor']);

    const check = await call(s.sam, 'POST', '/api/my/ifs', { kind: 'selfCheck', content: { ratings, note: '' } });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json().content.ratings.creativity).toBe(7);
    // The kind stays what it was.
    const swapped = await call(s.sam, 'PUT', `/api/my/ifs/${id}`, { kind: 'selfCheck', content: { ratings } });
    expect(swapped.statusCode).toBe(400);
  });

  it('bad input is a clear 4xx and nothing is half-saved', async () => {
    const s = await setting();
    const cases: Array<[object, string]> = [
      [{ kind: 'selfCheck', content: { ratings: { ...ratings, calm: 11 } } }, 'body.content.ratings.calm'],
      [{ kind: 'sixFs', content: { part: 'x', answers: { find: 'x'.repeat(50_000) } } }, 'body.content.answers.find'],
      [
        {
          kind: 'partsMap',
          content: {
            parts: Array.from({ length: 500 }, (_, i) => ({
              id: `p${i}`,
              name: `Part ${i}`,
              role: 'unsure',
              x: 1,
              y: 1,
            })),
          },
        },
        'body.content.parts',
      ],
      [{ kind: 'partsMap', content: { parts: [{ ...map.parts[0], role: 'boss' }] } }, 'body.content.parts.0.role'],
      [{ kind: 'diary', content: {} }, 'body.kind'],
    ];
    for (const [body, field] of cases) {
      const refused = await call(s.sam, 'POST', '/api/my/ifs', body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.current.database.db.selectFrom('ifsItems').select('id').execute()).toEqual([]);
    const missing = await call(s.sam, 'PUT', '/api/my/ifs/no-such-item', { kind: 'selfCheck', content: { ratings } });
    expect(missing.statusCode).toBe(404);
  });

  it('erasing a member deletes their reflections, shared or not (decision 0050)', async () => {
    const s = await setting();
    const ratings0 = { ratings, note: '' };
    const kept = await call(s.sam, 'POST', '/api/my/ifs', { kind: 'selfCheck', content: ratings0 });
    const gone = await call(s.sam, 'POST', '/api/my/ifs', { kind: 'selfCheck', content: ratings0 });
    await call(s.sam, 'PUT', `/api/my/ifs/${kept.json().id}/sharing`, { shared: true });
    const asked = await call(s.sam, 'POST', '/api/my/erasure-request', {});
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await call(s.owner, 'POST', `/api/erasure-requests/${asked.json().request.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(kept.statusCode).toBe(201);
    expect(gone.statusCode).toBe(201);
    expect(await t.current.database.db.selectFrom('ifsItems').select('id').execute()).toEqual([]);
  });
});
