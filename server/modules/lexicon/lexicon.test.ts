import { expect, it } from 'vitest';
import { HEARTH_CRISIS_RULES } from '../../../domain/crisis-lexicon.js';
import {
  addPerson,
  callerOf,
  describeEachEngine,
  setUpPractice,
  setupPracticeId,
  useTestApp,
} from '../../testing/test-app.js';
import { screenForPractice } from './lexicon.service.js';

describeEachEngine('crisis-language lexicon', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  async function practice() {
    const owner = await setUpPractice(t.current.app);
    const practiceId = await setupPracticeId(t.current);
    const clinician = await addPerson(t.current, { email: 'maya@harbour.test', role: 'clinician', practiceId });
    const admin = await addPerson(t.current, { email: 'ada@harbour.test', role: 'admin', practiceId });
    return { owner, clinician, admin, practiceId };
  }

  const rule = { phrase: 'going to the [tracks|quarry]', category: 'plan_or_means', language: 'en', level: 'urgent' };

  it('lists Hearth’s rules read-only beside the practice’s own; owners add, clinicians read and test', async () => {
    const { owner, clinician, practiceId } = await practice();
    const listed = await call(clinician, 'GET', '/api/lexicon');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({ canEdit: false, own: [] });
    expect(listed.json().shipped).toHaveLength(HEARTH_CRISIS_RULES.length);
    expect(listed.json().idioms.length).toBeGreaterThan(0);
    expect((await call(clinician, 'POST', '/api/lexicon/rules', rule)).statusCode).toBe(403);

    const added = await call(owner, 'POST', '/api/lexicon/rules', rule);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ ...rule, enabled: true });
    expect((await call(owner, 'GET', '/api/lexicon')).json()).toMatchObject({ canEdit: true, own: [{ ...rule }] });

    const tested = await call(clinician, 'POST', '/api/lexicon/test', { text: "I'm GOING to the quarry tonight" });
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.json()).toMatchObject({
      level: 'urgent',
      normalised: 'i am going to the quary tonight',
      matches: [
        {
          ruleId: `practice.${added.json().id}`,
          source: 'practice',
          category: 'plan_or_means',
          level: 'urgent',
          negatedBy: null,
          span: { start: 4, end: 23, text: 'GOING to the quarry' },
        },
      ],
    });
    // The helper the space and the live room call sees the same rule.
    expect((await screenForPractice(t.current.database.db, practiceId, 'off to the tracks')).level).toBe('none');
    expect((await screenForPractice(t.current.database.db, practiceId, 'going to the tracks')).level).toBe('urgent');

    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['action', 'detail'])
      .where('action', 'in', ['lexicon.rule_added', 'lexicon.tested'])
      .orderBy('seq')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['lexicon.rule_added', 'lexicon.tested']);
    expect(JSON.parse(audited[0]!.detail)).toMatchObject({ phrase: rule.phrase, level: 'urgent' });
    // The sample's words are not kept.
    expect(audited[1]!.detail).not.toContain('quarry');
  });

  it('edits and switches off a rule, and screening follows at once', async () => {
    const { owner, admin, practiceId } = await practice();
    const db = t.current.database.db;
    const id = (await call(admin, 'POST', '/api/lexicon/rules', rule)).json().id as string;
    expect((await screenForPractice(db, practiceId, 'going to the tracks')).level).toBe('urgent');

    const lowered = await call(owner, 'PUT', `/api/lexicon/rules/${id}`, { ...rule, level: 'flag', enabled: true });
    expect(lowered.statusCode, lowered.body).toBe(200);
    expect((await screenForPractice(db, practiceId, 'going to the tracks')).level).toBe('flag');

    const off = await call(owner, 'PUT', `/api/lexicon/rules/${id}`, { ...rule, enabled: false });
    expect(off.json()).toMatchObject({ enabled: false });
    expect((await screenForPractice(db, practiceId, 'going to the tracks')).level).toBe('none');
    // Hearth's own rules stay on whatever a practice does.
    expect((await screenForPractice(db, practiceId, 'I want to die')).level).toBe('urgent');

    const changed = await db
      .selectFrom('auditEvents')
      .select('detail')
      .where('action', '=', 'lexicon.rule_changed')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(changed.detail)).toMatchObject({ enabled: false, previouslyEnabled: true });
  });

  it('refuses bad phrases, duplicates and Hearth’s own phrases with a clear 4xx naming the field', async () => {
    const { owner } = await practice();
    const refuse = async (body: object, status: number) => {
      const answer = await call(owner, 'POST', '/api/lexicon/rules', body);
      expect(answer.statusCode, answer.body).toBe(status);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      return answer.json() as { detail: string; errors?: { field: string; message: string }[] };
    };
    for (const phrase of ['', '   ', 'x'.repeat(10 * 1024), '[a|b', 'ki* myself', '.. alone'])
      expect((await refuse({ ...rule, phrase }, 400)).errors?.map((e) => e.field)).toContain('body.phrase');
    expect((await refuse({ ...rule, category: 'weather' }, 400)).errors?.map((e) => e.field)).toContain(
      'body.category',
    );
    expect((await refuse({ ...rule, level: 'none' }, 400)).errors?.map((e) => e.field)).toContain('body.level');
    expect((await refuse({ ...rule, language: 'fr' }, 400)).errors?.map((e) => e.field)).toContain('body.language');

    expect((await call(owner, 'POST', '/api/lexicon/rules', rule)).statusCode).toBe(201);
    const again = await refuse({ ...rule, phrase: 'Going  to the [quarry|tracks]' }, 409);
    expect(again.errors?.[0]).toMatchObject({
      field: 'body.phrase',
      message: 'Your practice already has a rule with this phrase.',
    });
    const shipped = await refuse({ ...rule, phrase: HEARTH_CRISIS_RULES[0]!.phrase }, 409);
    expect(shipped.detail).toContain(HEARTH_CRISIS_RULES[0]!.id);

    const empty = await call(owner, 'POST', '/api/lexicon/test', { text: '' });
    expect(empty.statusCode).toBe(400);
    expect((await call(owner, 'POST', '/api/lexicon/test', { text: 'x'.repeat(10_001) })).statusCode).toBe(400);
  });

  it('keeps each practice’s rules to itself', async () => {
    const { owner } = await practice();
    const id = (await call(owner, 'POST', '/api/lexicon/rules', rule)).json().id as string;
    const other = await addPerson(t.current, { email: 'olu@elsewhere.test', role: 'owner' });
    expect((await call(other, 'GET', '/api/lexicon')).json().own).toEqual([]);
    const reached = await call(other, 'PUT', `/api/lexicon/rules/${id}`, { ...rule, enabled: false });
    expect(reached.statusCode).toBe(404);
    expect((await call(other, 'POST', '/api/lexicon/test', { text: 'going to the quarry' })).json().level).toBe('none');
    // The same phrase is free in another practice.
    expect((await call(other, 'POST', '/api/lexicon/rules', rule)).statusCode).toBe(201);
  });
});
