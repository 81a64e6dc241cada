import crypto from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { emptySafetyPlan } from '../../../domain/safety-plan.js';
import type { DB } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { clinicalCipherOf } from '../../platform/secret-key.js';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import { callerOf, describeEachEngine, TEST_SECRET_KEY, useTestApp } from '../../testing/test-app.js';
import type { MyData } from './my-data.service.js';
import { MEMBER_DATA, memberTables, type MemberTable, type PersonColumn } from './member-data.js';

const DAY = 86_400_000;

/**
 * A column whose name says it names a person: an account, a place in a group, someone in the
 * room, someone who acted, an address. Snake case, as the database has it.
 */
const NAMES_A_PERSON =
  /(^|_)(user|member|person|author|actor|reporter|inviter|clinician|cosigner|supervisor)(_id)?$|_by$|^by_|^members$|(^|_)email$/;

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The kinds of column that name the member themselves, so their rows can be counted. */
const COUNTED: readonly PersonColumn[] = ['account', 'membership', 'roomPerson'];

describeEachEngine('a member’s data, table by table', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  it('lists every table, and every column that names a person, with what export and erasure do', async () => {
    const tables = await t.current.database.db.introspection.getTables();
    const found = new Set<string>();
    for (const table of tables) {
      const name = camel(table.name);
      found.add(name);
      const rule = MEMBER_DATA[name as keyof DB];
      expect(rule, `table ${table.name} is not in member-data.ts`).toBeDefined();
      const columns = table.columns.map((c) => camel(c.name));
      const people = rule.kind === 'nobody' ? {} : rule.people;
      const declared = { ...people, ...rule.notPeople };
      for (const column of table.columns.filter((c) => NAMES_A_PERSON.test(c.name)))
        expect(
          declared,
          `${table.name}.${column.name} names a person: say in member-data.ts how a member's data rights treat it`,
        ).toHaveProperty(camel(column.name));
      for (const column of Object.keys(declared))
        expect(columns, `member-data.ts names ${name}.${column}, which the table does not have`).toContain(column);
    }
    expect([...found].sort()).toEqual(Object.keys(MEMBER_DATA).sort());
  });

  it(
    'puts the member’s own words in their archive, erases and keeps as each table says, and purges after retention',
    { timeout: 90_000 },
    async () => {
      const f = await groupWithMembers(t.current, { members: ['Sam', 'Rui'] });
      const [sam, rui] = f.members as [(typeof f.members)[0], (typeof f.members)[0]];
      const db = t.current.database.db;
      const cipher = clinicalCipherOf({ current: TEST_SECRET_KEY, previous: undefined });
      const bool = (value: boolean) => boolValue(engine, value) as never;
      const now = new Date().toISOString();
      const id = () => crypto.randomUUID();
      const lastWeek = new Date(Date.now() - 7 * DAY);
      for (const m of [sam, rui]) await backdateMembership(t.current, m.memberId, new Date(lastWeek.getTime() - DAY));
      const sessionId = await insertPastSession(t.current, f, lastWeek);
      const session = lastWeek.toISOString();

      // Through the API: a questionnaire, attendance, a reminder choice.
      expect(
        (
          await call(f.maya, 'PUT', `/api/groups/${f.groupId}/measures`, {
            measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
          })
        ).statusCode,
      ).toBe(200);
      const waiting = (await call(sam.person, 'GET', '/api/my/measures')).json().waiting as Array<{ id: string }>;
      const answers = { 1: 1, 2: 1, 3: 0, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 };
      await call(sam.person, 'POST', `/api/my/measures/${waiting[0]!.id}/submission`, { answers });
      await call(f.maya, 'PUT', `/api/groups/${f.groupId}/sessions/${sessionId}/attendance`, {
        marks: [
          { memberId: sam.memberId, status: 'present', note: 'Maya-attendance-note' },
          { memberId: rui.memberId, status: 'present' },
        ],
      });
      await call(sam.person, 'PUT', `/api/my/groups/${f.groupId}/reminders`, { on: false });

      // The live room: check-ins, chat (Sam's and Rui's), share of voice, its log and commands.
      const roomId = id();
      await db
        .insertInto('rooms')
        .values({
          id: roomId,
          practiceId: f.practiceId,
          groupId: f.groupId,
          sessionId,
          status: 'ended',
          openedBy: f.maya.userId,
          openedAt: session,
          endedAt: session,
        })
        .execute();
      await db
        .insertInto('roomCheckIns')
        .values({
          sessionId,
          groupMemberId: sam.memberId,
          roomId,
          mood: 4,
          word: cipher.encrypt('Sam-checkin-word', sealedIn('roomCheckIns.word', sessionId, sam.memberId)),
          part: cipher.encrypt('Sam-checkin-part', sealedIn('roomCheckIns.part', sessionId, sam.memberId)),
          share: 'group',
          enteredBy: null,
          at: session,
        })
        .execute();
      await db
        .insertInto('roomVoice')
        .values({ sessionId, groupMemberId: sam.memberId, groupId: f.groupId, seconds: 95, turns: 3 })
        .execute();
      for (const [who, words] of [
        [sam.memberId, 'Sam-chat-words'],
        [rui.memberId, 'Rui-chat-words'],
      ] as const) {
        const messageId = id();
        await db
          .insertInto('roomChat')
          .values({
            id: messageId,
            roomId,
            personId: who,
            text: cipher.encrypt(words, sealedIn('roomChat.text', messageId)),
            hidden: bool(false),
            hiddenBy: null,
            at: session,
          })
          .execute();
      }
      await db
        .insertInto('roomEvents')
        .values({
          roomId,
          seq: 1,
          type: 'chat.posted',
          byPerson: sam.memberId,
          at: session,
          body: cipher.encrypt('{}', sealedIn('roomEvents.body', roomId, '1')),
        })
        .execute();
      // The log names the roster once, as the room opens: Sam's name there goes with the erasure.
      const roster = [
        { personId: sam.memberId, kind: 'member', displayName: 'Sam' },
        { personId: rui.memberId, kind: 'member', displayName: 'Rui' },
      ];
      const openedAt = sealedIn('roomEvents.body', roomId, '0');
      await db
        .insertInto('roomEvents')
        .values({
          roomId,
          seq: 0,
          type: 'room.opened',
          byPerson: f.maya.userId,
          at: session,
          body: cipher.encrypt(
            JSON.stringify({
              type: 'room.opened',
              people: roster,
              inPerson: false,
              roomId,
              seq: 0,
              at: session,
              by: f.maya.userId,
            }),
            openedAt,
          ),
        })
        .execute();
      await db
        .insertInto('roomCommands')
        .values({ roomId, actor: sam.memberId, commandId: 'command-1', seq: 1, at: session })
        .execute();

      // The group's space: Sam's thread, Rui's thread with Sam's reply, a reaction, a report, a reader.
      const post = async (who: typeof sam, body: string, threadId: string | null) => {
        const postId = id();
        await db
          .insertInto('spacePosts')
          .values({
            id: postId,
            practiceId: f.practiceId,
            groupId: f.groupId,
            threadId,
            channel: 'talk',
            authorUserId: who.person.userId,
            groupMemberId: who.memberId,
            anonymous: bool(false),
            title: threadId ? null : cipher.encrypt(`${body}-title`, sealedIn('spacePosts.title', postId)),
            body: cipher.encrypt(body, sealedIn('spacePosts.body', postId)),
            status: 'published',
            heldFor: null,
            screeningLevel: 'none',
            alertId: null,
            pinned: bool(false),
            locked: bool(false),
            editNote: null,
            createdAt: now,
            publishedAt: now,
          })
          .execute();
        return postId;
      };
      await post(sam, 'Sam-thread-body', null);
      const ruiThread = await post(rui, 'Rui-thread-body', null);
      await post(sam, 'Sam-reply-body', ruiThread);
      await db
        .insertInto('spaceReactions')
        .values({ postId: ruiThread, userId: sam.person.userId, kind: 'heart', createdAt: now })
        .execute();
      const reportId = id();
      await db
        .insertInto('spaceReports')
        .values({
          id: reportId,
          groupId: f.groupId,
          postId: ruiThread,
          reporterUserId: sam.person.userId,
          reason: cipher.encrypt('Sam-report-reason', sealedIn('spaceReports.reason', reportId)),
          createdAt: now,
          resolvedAt: null,
          resolvedBy: null,
          outcome: null,
        })
        .execute();
      await db
        .insertInto('spaceReaders')
        .values({ groupId: f.groupId, userId: sam.person.userId, lastReadAt: now, lastDigestAt: null })
        .execute();

      // Skills: an assignment, Sam's and Rui's logs, feedback each way.
      await db
        .insertInto('skillAssignments')
        .values({
          id: id(),
          practiceId: f.practiceId,
          groupId: f.groupId,
          cardId: 'hearth.i-statements',
          groupMemberId: sam.memberId,
          dueSessionId: null,
          note: null,
          createdBy: f.maya.userId,
          createdAt: now,
        })
        .execute();
      const log = async (who: typeof sam, words: string) => {
        const logId = id();
        await db
          .insertInto('practiceLogs')
          .values({
            id: logId,
            practiceId: f.practiceId,
            groupId: f.groupId,
            groupMemberId: who.memberId,
            assignmentId: null,
            cardId: 'hearth.i-statements',
            situation: cipher.encrypt(words, sealedIn('practiceLogs.situation', logId)),
            learned: null,
            rating: 7,
            visibility: 'group',
            sharedAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        return logId;
      };
      const samLog = await log(sam, 'Sam-practice-situation');
      const ruiLog = await log(rui, 'Rui-practice-situation');
      for (const [giver, logId, words] of [
        [sam, ruiLog, 'Sam-feedback-worked'],
        [rui, samLog, 'Rui-feedback-worked'],
      ] as const) {
        const feedbackId = id();
        await db
          .insertInto('practiceFeedback')
          .values({
            id: feedbackId,
            practiceId: f.practiceId,
            logId,
            groupMemberId: giver.memberId,
            worked: cipher.encrypt(words, sealedIn('practiceFeedback.worked', feedbackId)),
            tryNext: null,
            status: 'shown',
            createdAt: now,
          })
          .execute();
      }

      // Sam's own work: two versions of the safety plan (one written with Maya), two reflections.
      for (const [version, by] of [
        [1, sam.person.userId],
        [2, f.maya.userId],
      ] as const) {
        const planId = id();
        const plan = { ...emptySafetyPlan(), warningSigns: [`Sam-warning-sign-${version}`] };
        await db
          .insertInto('safetyPlans')
          .values({
            id: planId,
            practiceId: f.practiceId,
            userId: sam.person.userId,
            version,
            content: cipher.encrypt(JSON.stringify(plan), sealedIn('safetyPlans.content', planId)),
            writtenBy: by,
            createdAt: now,
          })
          .execute();
      }
      for (const [words, shared] of [
        ['Sam-reflection-private', null],
        ['Sam-reflection-shared', now],
      ] as const) {
        const itemId = id();
        await db
          .insertInto('ifsItems')
          .values({
            id: itemId,
            practiceId: f.practiceId,
            userId: sam.person.userId,
            kind: 'selfCheck',
            content: cipher.encrypt(JSON.stringify({ note: words }), sealedIn('ifsItems.content', itemId)),
            sharedAt: shared,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
      }

      // Clinical records: the record basics, a released note for Sam and an unreleased one for Rui, an alert, a billing line.
      const recordId = id();
      await db
        .insertInto('clinicalRecords')
        .values({
          id: recordId,
          practiceId: f.practiceId,
          userId: sam.person.userId,
          details: cipher.encrypt('{"goal":"Maya-clinical-details"}', sealedIn('clinicalRecords.details', recordId)),
          updatedBy: f.maya.userId,
          updatedAt: now,
          createdAt: now,
        })
        .execute();
      for (const [who, words, released] of [
        [sam, 'Sam-note-words', now],
        [rui, 'Rui-note-words', null],
      ] as const) {
        const noteId = id();
        await db
          .insertInto('progressNotes')
          .values({
            id: noteId,
            practiceId: f.practiceId,
            groupId: f.groupId,
            sessionId,
            groupMemberId: who.memberId,
            userId: who.person.userId,
            attendance: 'present',
            template: 'DAP',
            content: cipher.encrypt(
              JSON.stringify({ sections: { data: words }, participation: '', goalProgress: '', risk: '' }),
              sealedIn('progressNotes.content', noteId),
            ),
            groupPart: cipher.encrypt(
              JSON.stringify({
                themes: 'Group-themes',
                interventions: [],
                interventionsOther: '',
                groupProcess: '',
                factors: [],
                risk: '',
              }),
              sealedIn('progressNotes.groupPart', noteId),
            ),
            status: 'signed',
            authorId: f.maya.userId,
            signedBy: f.maya.userId,
            signedName: 'Maya Okafor',
            signedCredential: 'LCSW',
            signedAt: now,
            contentHash: 'hash',
            releasedAt: released,
            releasedBy: released ? f.maya.userId : null,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
      }
      await db
        .insertInto('alerts')
        .values({
          id: id(),
          practiceId: f.practiceId,
          groupId: f.groupId,
          groupMemberId: sam.memberId,
          kind: 'measure',
          urgency: 'routine',
          causeKey: 'test',
          createdAt: now,
        })
        .execute();
      await db
        .insertInto('billingLines')
        .values({
          id: id(),
          practiceId: f.practiceId,
          groupId: f.groupId,
          sessionId,
          groupMemberId: sam.memberId,
          userId: sam.person.userId,
          clinicianId: f.maya.userId,
          serviceAt: session,
          cpt: '90853',
          placeOfService: '02',
          units: 1,
          feeCents: 10_000,
          addOnFeeCents: 0,
          status: 'open',
          statusChangedAt: now,
          createdAt: now,
        })
        .execute();

      // Sign-in records a member may have: a calendar feed, two-step secrets, a revocation.
      await db
        .insertInto('calendarFeeds')
        .values({ id: id(), practiceId: f.practiceId, userId: sam.person.userId, tokenHash: id(), createdAt: now })
        .execute();
      await db
        .insertInto('twoFactors')
        .values({ id: id(), userId: sam.person.userId, secret: 'secret', backupCodes: 'codes' })
        .execute();
      await db
        .insertInto('usedSecondFactorCodes')
        .values({ userId: sam.person.userId, kind: 'totp', codeHash: 'hash', usedAt: now })
        .execute();
      await db
        .insertInto('sessionRevocations')
        .values({ id: id(), userId: sam.person.userId, sessionId: null, createdAt: now })
        .execute();

      // The archive.
      const exportId = (await call(sam.person, 'POST', '/api/me/data-exports')).json().id as string;
      await t.current.app.jobs.runDue();
      const got = await call(sam.person, 'GET', `/api/me/data-exports/${exportId}/archive`);
      expect(got.statusCode, got.body).toBe(200);
      const files = unzipSync(new Uint8Array(got.rawPayload));
      const data = JSON.parse(strFromU8(files[ARCHIVE_FILES.data]!)) as Record<string, unknown>;
      const summary = strFromU8(files[ARCHIVE_FILES.summary]!);
      const everything = Object.values(files)
        .map((file) => strFromU8(file))
        .join('\n');

      /** What a path such as `groups[].room.chat` holds in the archive, across every item. */
      const at = (path: string): unknown[] =>
        path.split('.').reduce<unknown[]>(
          (values, step) =>
            values.flatMap((value) => {
              const list = step.endsWith('[]');
              const got = (value as Record<string, unknown> | null)?.[list ? step.slice(0, -2) : step];
              return list ? ((got as unknown[] | undefined) ?? []) : [got];
            }),
          [data],
        );
      const filled = (value: unknown) =>
        value !== null && value !== undefined && (!Array.isArray(value) || value.length > 0);
      for (const [table, rule] of memberTables())
        if ('at' in rule.exported)
          expect(at(rule.exported.at).some(filled), `${table} is exported at ${rule.exported.at}, which is empty`).toBe(
            true,
          );

      // Their own words, opened, in the data and in the readable summary.
      for (const words of [
        'Sam-checkin-word',
        'Sam-checkin-part',
        'Sam-chat-words',
        'Sam-thread-body',
        'Sam-reply-body',
        'Sam-report-reason',
        'Sam-feedback-worked',
        'Sam-practice-situation',
        'Sam-warning-sign-1',
        'Sam-warning-sign-2',
        'Sam-reflection-private',
        'Sam-reflection-shared',
        'Sam-note-words',
      ]) {
        expect(JSON.stringify(data), words).toContain(words);
        expect(summary, words).toContain(words);
      }
      const group = (data as unknown as MyData).groups[0]!;
      expect(group.room.voice).toEqual([{ session, seconds: 95, turns: 3 }]);
      expect(group.space.reactions).toEqual([{ at: expect.any(String), kind: 'heart', on: 'a group member' }]);
      expect(group.skillsFeedbackGiven).toEqual([expect.objectContaining({ to: 'a group member' })]);
      expect(
        (data.safetyPlans as Array<{ versions: Array<{ writtenBy: string }> }>)[0]!.versions.map((v) => v.writtenBy),
      ).toEqual(['Sam Legal', 'Maya Okafor']);
      // Nobody else's words or name, and not the staff's clinical writing.
      for (const leak of ['Rui', rui.email, 'Maya-attendance-note', 'Maya-clinical-details'])
        expect(everything, leak).not.toContain(leak);

      // Counting Sam's rows in a table, by every column that names them.
      const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const rowsOf = async (table: string, rule: MemberTable) => {
        const rows: Array<Record<string, unknown>> = [];
        for (const [column, kind] of Object.entries(rule.people)) {
          if (!COUNTED.includes(kind)) continue;
          const ids = kind === 'account' ? [sam.person.userId] : [sam.memberId];
          rows.push(...(await any.selectFrom(table).selectAll().where(column, 'in', ids).execute()));
        }
        return rows;
      };
      const counted = memberTables().filter(([, rule]) => Object.values(rule.people).some((k) => COUNTED.includes(k)));

      // Erasure: once asked, Sam has a row in every table that can name them.
      const asked = await call(sam.person, 'POST', '/api/my/erasure-request', {});
      expect(asked.statusCode, asked.body).toBe(201);
      for (const [table, rule] of counted)
        expect((await rowsOf(table, rule)).length, `this test gives Sam no row in ${table}`).toBeGreaterThan(0);
      const approved = await call(f.owner, 'POST', `/api/erasure-requests/${asked.json().request.id}/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      for (const [table, rule] of counted) {
        const rows = await rowsOf(table, rule);
        if (rule.erasure.rule === 'delete') expect(rows, `${table} is deleted on erasure`).toEqual([]);
        else expect(rows.length, `${table} is kept on erasure`).toBeGreaterThan(0);
        if (rule.erasure.rule === 'anonymise')
          for (const leak of ['Sam Legal', sam.email]) expect(JSON.stringify(rows), `${table}`).not.toContain(leak);
      }
      // Peers see "a former member" in the group's list and in the room's log, where Sam's words stay.
      const peers = await call(rui.person, 'GET', '/api/my/groups');
      expect(peers.json().groups[0].peers).toEqual(['a former member']);
      const opened = await db
        .selectFrom('roomEvents')
        .select('body')
        .where('roomId', '=', roomId)
        .where('seq', '=', 0)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(cipher.decrypt(opened.body, openedAt)).people).toEqual([
        { ...roster[0], displayName: 'a former member' },
        roster[1],
      ]);

      // Retention: once the retain-until date has passed, what the registry says is purged is gone.
      const retainUntil = Date.parse(approved.json().retainUntil as string);
      await t.current.app.jobs.runDue(new Date(retainUntil + DAY));
      for (const [table, rule] of counted)
        if (rule.afterRetention === 'purged')
          expect(await rowsOf(table, rule), `${table} is purged after retention`).toEqual([]);
      // Rui's own records stay.
      expect(await db.selectFrom('roomChat').select('personId').where('roomId', '=', roomId).execute()).toEqual([
        { personId: rui.memberId },
      ]);
      expect(await db.selectFrom('practiceLogs').select('id').execute()).toEqual([{ id: ruiLog }]);
    },
  );
});
