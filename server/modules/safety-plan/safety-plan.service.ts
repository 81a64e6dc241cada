import crypto from 'node:crypto';
import { seesClinicalData } from '../../../domain/clinical-access.js';
import { SafetyPlanContentSchema, samePlan, type SafetyPlanContent } from '../../../domain/safety-plan.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { recipientTranslator } from '../../platform/mail/recipient-language.js';
import { HttpProblem } from '../../platform/problem.js';
import { presentPlan } from './safety-plan.presenter.js';
import {
  facilitatorsOf,
  insertPlanVersion,
  isActiveMember,
  personName,
  planVersion,
  planVersions,
} from './safety-plan.repository.js';
import type { SavePlanBody, SafetyPlanView } from './safety-plan.schema.js';

export interface SafetyPlanContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
  jobs: JobQueue;
  publicUrl: string;
}
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/**
 * Who may read a member's plan (PRODUCT.md §6): the member; the facilitators of a group they are
 * active in; the practice's supervisors while the member is active in one of its groups (decision
 * 0019). Nobody else, owners and admins included: for them it is not there (404), exactly as a
 * member who does not exist.
 */
async function mayRead(context: SafetyPlanContext, viewer: Viewer, memberUserId: string): Promise<boolean> {
  if (viewer.userId === memberUserId) return viewer.role === 'member';
  const db = context.database.db;
  const facilitates = (await facilitatorsOf(db, viewer.practiceId, memberUserId)).some(
    (f) => f.userId === viewer.userId,
  );
  if (facilitates) return seesClinicalData(viewer.role, true);
  return seesClinicalData(viewer.role, false) && (await isActiveMember(db, viewer.practiceId, memberUserId));
}

/** A member's plan (a chosen version, or the newest) with its versions and readers. */
export async function readPlan(
  context: SafetyPlanContext,
  viewer: Viewer,
  memberUserId: string,
  version: number | undefined,
  origin: Origin,
): Promise<SafetyPlanView> {
  const db = context.database.db;
  if (!(await mayRead(context, viewer, memberUserId))) throw new HttpProblem(404, 'problem.safetyPlan.notFound');
  const [member, versions, row, readers] = await Promise.all([
    personName(db, memberUserId),
    planVersions(db, viewer.practiceId, memberUserId),
    planVersion(db, viewer.practiceId, memberUserId, version),
    facilitatorsOf(db, viewer.practiceId, memberUserId),
  ]);
  if (!member) throw new HttpProblem(404, 'problem.safetyPlan.notFound');
  // The member's language (their own choice, else the practice's), so that a plan a facilitator
  // starts with them begins with the crisis lines in the member's language, not the facilitator's.
  const { locale } = await recipientTranslator(db, { email: member.email, practiceId: viewer.practiceId });
  if (version !== undefined && !row)
    throw new HttpProblem(404, 'problem.safetyPlan.noSuchVersion', { field: 'querystring.version' });
  const chosen = row && {
    ...row,
    content: SafetyPlanContentSchema.parse(
      JSON.parse(context.cipher.decrypt(row.content, sealedIn('safetyPlans.content', row.id))),
    ),
  };
  if (chosen && viewer.userId !== memberUserId) {
    await context.audit.record(db, {
      action: 'clinical.safety_plan_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'safety_plan', id: row!.id },
      detail: { version: row!.version },
      people: [memberUserId],
    });
  }
  return presentPlan(
    { userId: member.id, name: member.name, locale },
    chosen ?? null,
    versions,
    readers.map((r) => r.name),
  );
}

/**
 * Saves the member's plan as a new version, written by the member or by their facilitator with
 * them. An unchanged plan makes no version. The member's facilitators (all but the one who saved
 * it) are told by e-mail that it changed, never what it says. One transaction: the version, its
 * audit record and the e-mails land together or not at all.
 */
export async function savePlan(
  context: SafetyPlanContext,
  viewer: Viewer,
  memberUserId: string,
  input: SavePlanBody,
  origin: Origin,
): Promise<SafetyPlanView> {
  const db = context.database.db;
  const own = viewer.userId === memberUserId;
  if (!(await mayRead(context, viewer, memberUserId))) throw new HttpProblem(404, 'problem.safetyPlan.notFound');
  // A supervisor reads the plan; only the member and their own facilitators write it.
  const facilitators = await facilitatorsOf(db, viewer.practiceId, memberUserId);
  if (!own && !facilitators.some((f) => f.userId === viewer.userId))
    throw new HttpProblem(403, 'problem.safetyPlan.facilitatorsWrite');
  const latest = await planVersion(db, viewer.practiceId, memberUserId);
  const current = latest?.version ?? 0;
  if (input.baseVersion !== current)
    throw new HttpProblem(409, 'problem.safetyPlan.changedMeanwhile', { field: 'body.baseVersion' });
  const plan: SafetyPlanContent = input.plan;
  const unchanged =
    latest &&
    samePlan(
      plan,
      JSON.parse(
        context.cipher.decrypt(latest.content, sealedIn('safetyPlans.content', latest.id)),
      ) as SafetyPlanContent,
    );
  if (!unchanged) {
    const id = crypto.randomUUID();
    const version = current + 1;
    const member = await personName(db, memberUserId);
    try {
      await db.transaction().execute(async (trx) => {
        await insertPlanVersion(trx, {
          id,
          practiceId: viewer.practiceId,
          userId: memberUserId,
          version,
          content: context.cipher.encrypt(JSON.stringify(plan), sealedIn('safetyPlans.content', id)),
          writtenBy: viewer.userId,
          createdAt: new Date().toISOString(),
        });
        await context.audit.record(trx, {
          action: 'safety_plan.saved',
          ...actorOf(viewer),
          ...origin,
          subject: { type: 'safety_plan', id },
          detail: { version, byMember: own },
          people: [memberUserId],
        });
        for (const f of facilitators.filter((f) => f.userId !== viewer.userId)) {
          const t = await recipientTranslator(trx, { email: f.email, practiceId: viewer.practiceId });
          await context.jobs.enqueue(trx, {
            kind: 'mail.send',
            payload: {
              to: f.email,
              practiceId: viewer.practiceId,
              subject: t.t('mail.safetyPlan.changed.subject'),
              text: [
                t.t('mail.greeting', { name: f.name }),
                '',
                t.t('mail.safetyPlan.changed.body', {
                  member: member?.name ?? '',
                  link: `${context.publicUrl}/people/${memberUserId}/safety-plan`,
                }),
              ].join('\n'),
            },
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpProblem(409, 'problem.safetyPlan.changedMeanwhile', { field: 'body.baseVersion' });
      throw error;
    }
  }
  return readPlan(context, viewer, memberUserId, undefined, origin);
}
