import { bandWithStatement, optionsOf, type Instrument } from '../../../domain/instruments.js';
import { ENDINGS, type MemberStatus } from '../../../domain/membership.js';
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
  calendarFeedsOf,
  groupPlacesOf,
  placeHistory,
  practicesOf,
  reminderOptOutsOf,
} from './data-exports.repository.js';

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

    async groups(practiceNames: Map<string, string>) {
      const places = await groupPlacesOf(db, userId);
      const placeIds = places.map((p) => p.id);
      const groupIds = [...new Set(places.map((p) => p.groupId))];
      const [history, agreements, attendance, facilitators, optOuts] = await Promise.all([
        placeHistory(db, placeIds),
        agreementsOf(db, groupIds),
        attendanceOf(db, placeIds),
        facilitatorsOf(db, groupIds),
        reminderOptOutsOf(db, userId),
      ]);
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
