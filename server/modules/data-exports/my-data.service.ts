import { bandWithStatement, optionsOf, type Instrument } from '../../../domain/instruments.js';
import { DEFAULT_LOCALE, isLocale } from '../../../domain/locale.js';
import { ENDINGS, type MemberStatus } from '../../../domain/membership.js';
import { shippedCard } from '../../../domain/skills.js';
import type { SafetyPlanContent } from '../../../domain/safety-plan.js';
import type { Answers } from '../../../domain/scoring.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { findAuditEvents } from '../audit/audit.repository.js';
import { presentAccess } from '../audit/audit.presenter.js';
import { facilitatorsOf } from '../groups/groups.repository.js';
import type { ExportedForm } from '../measures/fhir.presenter.js';
import { answersOf, catalogue } from '../measures/measures.service.js';
import { releasedNotes } from '../notes/notes.service.js';
import {
  accountOf,
  agreementsOf,
  answeredFormsOf,
  attendanceOf,
  practiceLogsOf,
  calendarFeedsOf,
  feedbackGivenOf,
  groupPlacesOf,
  placeHistory,
  practicesOf,
  reflectionsOf,
  reminderOptOutsOf,
  roomChatOf,
  roomCheckInsOf,
  roomVoiceOf,
  safetyPlansOf,
  spacePostsOf,
  spaceReactionsOf,
  spaceReadersOf,
  spaceReportsOf,
} from './data-exports.repository.js';

/** How a peer appears in a person's archive, if at all: never by name (decision 0029). */
export const A_GROUP_MEMBER = 'a group member';

/**
 * Everything Hearth holds about one person, as they may read it: `hearth-data.json` is this, and
 * the FHIR Bundle and the summary are made from it. Other people appear only as what this person
 * already sees in Hearth: facilitators by name, and whoever looked at their records by name and
 * role (their access history). No peer, not even by display name, and nobody's address.
 */
export interface MyData {
  format: 'hearth-my-data';
  version: 1;
  preparedAt: string;
  /** The language of summary.html: the person's own choice, else their practice's. */
  locale: string;
  account: { name: string; email: string; createdAt: string };
  practices: Array<{ practice: string; role: string; since: string; accessTurnedOffAt: string | null }>;
  groups: Array<{
    practice: string;
    group: string;
    facilitators: string[];
    /** domain/membership.ts MemberStatus. */
    status: string;
    displayName: string | null;
    /** How the place began: they asked through the group's link, or the practice referred them. */
    referral: 'self' | 'practice';
    referredAt: string;
    joinedAt: string | null;
    endedAt: string | null;
    history: Array<{ status: string; at: string }>;
    agreement: { version: number; acceptedAt: string; text: string | null } | null;
    remindersOn: boolean;
    screening: { submittedAt: string | null; answers: Array<{ question: string; answer: string }> } | null;
    /** domain/attendance.ts AttendanceStatus. */
    attendance: Array<{ session: string; status: string }>;
    /** Their skills practice log; `seenBy` is domain/skills.ts PracticeVisibility. */
    skillsPractice: Array<{
      loggedAt: string;
      skill: string;
      situation: string;
      learned: string | null;
      rating: number;
      seenBy: string;
    }>;
    /** What they wrote about peers' practice; whose entry it was is left out. `status`: shown or held. */
    skillsFeedbackGiven: Array<{
      givenAt: string;
      to: typeof A_GROUP_MEMBER;
      worked: string | null;
      tryNext: string | null;
      status: string;
    }>;
    /** The live room of each session (docs/room.md): what they gave, in their own words. */
    room: {
      /** `share` is who they let see the words (domain/room.ts). */
      checkIns: Array<{ session: string; at: string; mood: number; word: string; part: string | null; share: string }>;
      /** Their chat messages; `hidden` when a facilitator hid one from the room. */
      chat: Array<{ session: string; at: string; text: string; hidden: boolean }>;
      /** How long and how often they spoke. */
      voice: Array<{ session: string; seconds: number; turns: number }>;
    };
    /** The group's space between sessions: their own posts and marks, never a peer's words. */
    space: {
      /** `status`: domain/space.ts SpacePostStatus; `reply` when it answered a thread. */
      posts: Array<{
        at: string;
        publishedAt: string | null;
        reply: boolean;
        channel: string;
        anonymous: boolean;
        status: string;
        title: string | null;
        body: string;
      }>;
      reactions: Array<{ at: string; kind: string; on: 'your post' | typeof A_GROUP_MEMBER }>;
      reports: Array<{ at: string; reason: string; resolvedAt: string | null }>;
      /** How often they asked for a digest, and when they last read the space. */
      digest: { choice: string; lastReadAt: string | null } | null;
    };
  }>;
  answers: Array<{
    practice: string;
    group: string;
    questionnaire: string;
    occasion: string;
    status: string;
    submittedAt: string | null;
    total: number | null;
    band: string | null;
    answers: Array<{ question: string; answer: string }>;
  }>;
  calendarFeeds: Array<{ practice: string; createdAt: string; turnedOffAt: string | null; lastReadAt: string | null }>;
  /** Progress notes a clinician released to them (docs/notes.md); notes not released are not theirs to read. */
  notes: Awaited<ReturnType<typeof releasedNotes>>;
  /** Every version of their safety plan (docs/safety-plan.md), with who wrote it: they, or a facilitator with them. */
  safetyPlans: Array<{
    practice: string;
    versions: Array<{ version: number; savedAt: string; writtenBy: string; plan: SafetyPlanContent }>;
  }>;
  /** Their parts maps, 6 Fs reflections and Self-energy check-ins (docs/ifs-tools.md), shared or not. */
  reflections: Array<{
    practice: string;
    /** domain/ifs.ts IfsKind. */
    kind: string;
    createdAt: string;
    updatedAt: string;
    sharedAt: string | null;
    content: unknown;
  }>;
  accessHistory: Array<{
    practice: string;
    occurredAt: string;
    action: string;
    by: { name: string | null; role: string | null } | null;
  }>;
}

export interface GatherContext {
  database: Database;
  cipher: ClinicalCipher;
}

/** Their forms that were sent, for the FHIR Bundle, and their Patient in each practice. */
export interface ClinicalExport {
  patients: Array<{ personId: string; name: string }>;
  forms: ExportedForm[];
}

/** The parts of the archive, read in the job's steps (so progress moves as each one finishes). */
export function gatherer(context: GatherContext, userId: string) {
  const db = context.database.db;
  return {
    async account() {
      const [account, practices] = await Promise.all([accountOf(db, userId), practicesOf(db, userId)]);
      return { account, practices };
    },

    /** Their places in groups; `locale` words Hearth's own skill cards' titles. */
    async groups(practiceNames: Map<string, string>, locale: string) {
      const places = await groupPlacesOf(db, userId);
      const placeIds = places.map((p) => p.id);
      const groupIds = [...new Set(places.map((p) => p.groupId))];
      const [history, agreements, attendance, facilitators, optOuts, practice] = await Promise.all([
        placeHistory(db, placeIds),
        agreementsOf(db, groupIds),
        attendanceOf(db, placeIds),
        facilitatorsOf(db, groupIds),
        reminderOptOutsOf(db, userId),
        practiceLogsOf(db, placeIds),
      ]);
      const [feedback, checkIns, chat, voice, posts, reactions, reports, readers] = await Promise.all([
        feedbackGivenOf(db, placeIds),
        roomCheckInsOf(db, placeIds),
        roomChatOf(db, placeIds),
        roomVoiceOf(db, placeIds),
        spacePostsOf(db, userId),
        spaceReactionsOf(db, userId),
        spaceReportsOf(db, userId),
        spaceReadersOf(db, userId),
      ]);
      const open = (sealed: string, column: Parameters<typeof sealedIn>[0], ...at: string[]) =>
        context.cipher.decrypt(sealed, sealedIn(column, ...at));
      // The space belongs to the group, not to one place in it: a post goes with its place when it
      // names one, else with their latest place in that group.
      const latestPlace = new Map(places.map((p) => [p.groupId, p.id]));
      const inPlace = (place: (typeof places)[number], row: { groupId: string; groupMemberId?: string | null }) =>
        row.groupMemberId ? row.groupMemberId === place.id : latestPlace.get(row.groupId) === place.id;
      const skillTitle = (cardId: string) =>
        shippedCard(cardId)?.text[isLocale(locale) ? locale : DEFAULT_LOCALE].title ??
        practice.cards.find((c) => c.id === cardId)?.title ??
        cardId;
      const groups: MyData['groups'] = places.map((place) => {
        const steps = history
          .filter((h) => h.groupMemberId === place.id)
          .map((h) => ({
            status: h.toStatus as MemberStatus,
            at: toInstant(h.at),
          }));
        const agreementText =
          agreements.find((a) => a.groupId === place.groupId && a.version === place.agreementVersion)?.text ?? null;
        const sealed = place.screeningAnswers;
        const screening = sealed
          ? (JSON.parse(context.cipher.decrypt(sealed, sealedIn('groupMembers.screeningAnswers', place.id))) as {
              questions: string[];
              answers: string[];
            })
          : null;
        return {
          practice: practiceNames.get(place.practiceId) ?? '',
          group: place.groupName,
          facilitators: facilitators.filter((f) => f.groupId === place.groupId).map((f) => f.name),
          status: place.status,
          displayName: place.displayName,
          referral: place.referredBy === null ? 'self' : 'practice',
          referredAt: toInstant(place.createdAt),
          joinedAt: steps.find((s) => s.status === 'active')?.at ?? null,
          endedAt: steps.findLast((s) => ENDINGS.includes(s.status))?.at ?? null,
          history: steps,
          agreement:
            place.agreementVersion !== null && place.agreementAcceptedAt
              ? {
                  version: place.agreementVersion,
                  acceptedAt: toInstant(place.agreementAcceptedAt),
                  text: agreementText,
                }
              : null,
          remindersOn: !optOuts.some((o) => o.groupId === place.groupId),
          screening: screening
            ? {
                submittedAt: place.screeningSubmittedAt ? toInstant(place.screeningSubmittedAt) : null,
                answers: screening.questions.map((question, i) => ({ question, answer: screening.answers[i] ?? '' })),
              }
            : null,
          attendance: attendance
            .filter((a) => a.groupMemberId === place.id)
            .map((a) => ({
              session: toInstant(a.startsAt),
              status: a.status,
            })),
          skillsPractice: practice.logs
            .filter((l) => l.groupMemberId === place.id)
            .map((l) => ({
              loggedAt: toInstant(l.createdAt),
              skill: skillTitle(l.cardId),
              situation: context.cipher.decrypt(l.situation, sealedIn('practiceLogs.situation', l.id)),
              learned: l.learned ? context.cipher.decrypt(l.learned, sealedIn('practiceLogs.learned', l.id)) : null,
              rating: l.rating,
              seenBy: l.visibility,
            })),
          skillsFeedbackGiven: feedback
            .filter((f) => f.groupMemberId === place.id)
            .map((f) => ({
              givenAt: toInstant(f.createdAt),
              to: A_GROUP_MEMBER,
              worked: f.worked ? open(f.worked, 'practiceFeedback.worked', f.id) : null,
              tryNext: f.tryNext ? open(f.tryNext, 'practiceFeedback.tryNext', f.id) : null,
              status: f.status,
            })),
          room: {
            checkIns: checkIns
              .filter((c) => c.groupMemberId === place.id)
              .map((c) => ({
                session: toInstant(c.startsAt),
                at: toInstant(c.at),
                mood: c.mood,
                word: open(c.word, 'roomCheckIns.word', c.sessionId, c.groupMemberId),
                part: c.part ? open(c.part, 'roomCheckIns.part', c.sessionId, c.groupMemberId) : null,
                share: c.share,
              })),
            chat: chat
              .filter((m) => m.personId === place.id)
              .map((m) => ({
                session: toInstant(m.startsAt),
                at: toInstant(m.at),
                text: open(m.text, 'roomChat.text', m.id),
                hidden: Boolean(m.hidden),
              })),
            voice: voice
              .filter((v) => v.groupMemberId === place.id)
              .map((v) => ({ session: toInstant(v.startsAt), seconds: v.seconds, turns: v.turns })),
          },
          space: {
            posts: posts
              .filter((p) => inPlace(place, p))
              .map((p) => ({
                at: toInstant(p.createdAt),
                publishedAt: p.publishedAt ? toInstant(p.publishedAt) : null,
                reply: p.threadId !== null,
                channel: p.channel,
                anonymous: Boolean(p.anonymous),
                status: p.status,
                title: p.title ? open(p.title, 'spacePosts.title', p.id) : null,
                body: open(p.body, 'spacePosts.body', p.id),
              })),
            reactions: reactions
              .filter((r) => inPlace(place, r))
              .map((r) => ({
                at: toInstant(r.createdAt),
                kind: r.kind,
                on: r.authorUserId === userId ? ('your post' as const) : A_GROUP_MEMBER,
              })),
            reports: reports
              .filter((r) => inPlace(place, r))
              .map((r) => ({
                at: toInstant(r.createdAt),
                reason: open(r.reason, 'spaceReports.reason', r.id),
                resolvedAt: r.resolvedAt ? toInstant(r.resolvedAt) : null,
              })),
            digest: (() => {
              const reader = readers.find((r) => inPlace(place, r));
              return reader
                ? { choice: reader.digest, lastReadAt: reader.lastReadAt ? toInstant(reader.lastReadAt) : null }
                : null;
            })(),
          },
        };
      });
      return { places, groups };
    },

    /** Their answers and scores, opened from each form's own sealed row. */
    async answers(
      places: Awaited<ReturnType<typeof groupPlacesOf>>,
      practices: Awaited<ReturnType<typeof practicesOf>>,
      name: string,
    ) {
      const forms = await answeredFormsOf(
        db,
        places.map((p) => p.id),
      );
      const instruments = new Map<string, Map<string, Instrument>>();
      for (const practiceId of new Set(forms.map((f) => f.practiceId)))
        instruments.set(practiceId, await catalogue(db, practiceId));
      const answers: MyData['answers'] = [];
      const clinical: ClinicalExport = {
        patients: practices.map((p) => ({ personId: p.personId, name })),
        forms: [],
      };
      for (const form of forms) {
        const instrument = instruments.get(form.practiceId)?.get(form.instrumentId);
        const place = places.find((p) => p.id === form.groupMemberId)!;
        const given: Answers = answersOf(context, form.answers, form.id);
        const practice = practices.find((p) => p.practiceId === form.practiceId);
        answers.push({
          practice: practice?.practiceName ?? '',
          group: place.groupName,
          questionnaire: instrument?.memberTitle ?? form.instrumentId,
          occasion: form.occasion,
          status: form.status,
          submittedAt: form.submittedAt ? toInstant(form.submittedAt) : null,
          total: form.total,
          band: instrument ? bandWithStatement(instrument, form.band) : form.band,
          answers: instrument
            ? instrument.items
                .filter((item) => given[item.id] !== undefined)
                .map((item) => ({
                  question: item.text,
                  answer:
                    optionsOf(instrument, item).find((o) => o.value === given[item.id])?.label ??
                    String(given[item.id]),
                }))
            : Object.entries(given).map(([question, value]) => ({ question, answer: String(value) })),
        });
        if (instrument && practice && form.status === 'completed' && form.submittedAt)
          clinical.forms.push({
            id: form.id,
            personId: practice.personId,
            name,
            instrument,
            answers: given,
            total: form.total,
            band: form.band,
            authored: toInstant(form.submittedAt),
            language: form.language,
          });
      }
      return { answers, clinical };
    },

    /** The progress notes their clinicians released to them, as signed. */
    async notes() {
      return releasedNotes(db, context.cipher, userId);
    },

    /** Their safety plans and reflections: their own words, kept in each practice. */
    async ownWork(practiceNames: Map<string, string>) {
      const [plans, items] = await Promise.all([safetyPlansOf(db, userId), reflectionsOf(db, userId)]);
      const safetyPlans: MyData['safetyPlans'] = [];
      for (const row of plans) {
        const practice = practiceNames.get(row.practiceId) ?? '';
        let entry = safetyPlans.find((p) => p.practice === practice);
        if (!entry) safetyPlans.push((entry = { practice, versions: [] }));
        entry.versions.push({
          version: row.version,
          savedAt: toInstant(row.createdAt),
          writtenBy: row.writerName,
          plan: JSON.parse(
            context.cipher.decrypt(row.content, sealedIn('safetyPlans.content', row.id)),
          ) as SafetyPlanContent,
        });
      }
      const reflections: MyData['reflections'] = items.map((i) => ({
        practice: practiceNames.get(i.practiceId) ?? '',
        kind: i.kind,
        createdAt: toInstant(i.createdAt),
        updatedAt: toInstant(i.updatedAt),
        sharedAt: i.sharedAt ? toInstant(i.sharedAt) : null,
        content: JSON.parse(context.cipher.decrypt(i.content, sealedIn('ifsItems.content', i.id))) as unknown,
      }));
      return { safetyPlans, reflections };
    },

    /** What they already see as "Activity on your account", in every practice they belong to. */
    async accessHistory(practices: Awaited<ReturnType<typeof practicesOf>>) {
      const history: MyData['accessHistory'] = [];
      for (const p of practices) {
        const rows = await findAuditEvents(context.database, {
          practiceId: p.practiceId,
          personId: userId,
          limit: 10_000,
        });
        for (const row of rows) {
          const seen = presentAccess(row);
          history.push({
            practice: p.practiceName,
            occurredAt: seen.occurredAt,
            action: seen.action,
            by: seen.actor,
          });
        }
      }
      const feeds = await calendarFeedsOf(db, userId);
      const names = new Map(practices.map((p) => [p.practiceId, p.practiceName]));
      return {
        history,
        calendarFeeds: feeds.map((f) => ({
          practice: names.get(f.practiceId) ?? '',
          createdAt: toInstant(f.createdAt),
          turnedOffAt: f.revokedAt ? toInstant(f.revokedAt) : null,
          lastReadAt: f.lastReadAt ? toInstant(f.lastReadAt) : null,
        })),
      };
    },
  };
}
