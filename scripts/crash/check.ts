// What must hold after the crashes, read straight from the database: every answered write is there
// exactly once and whole; nothing anyone wrote is there twice; nothing is half-written.
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/connect.js';
import { sealedIn } from '../../server/platform/crypto/encrypted-columns.js';
import { clinicalCipherFor } from '../../server/main.js';
import type { Installation } from '../../server/testing/installation.js';
import type { Write } from './writes.js';

export interface Verdict {
  lost: string[];
  duplicated: string[];
}

const sameAnswers = (a: Record<string, number>, b: Record<string, number>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * The keys, of those given, that are claimed with no answer kept: claims the killed process took
 * and never finished (server/platform/idempotency).
 */
export async function keysLeftClaimed(database: Database, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await database.db
    .selectFrom('idempotencyKeys')
    .select('key')
    .where('key', 'in', keys)
    .where('responseStatus', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.key));
}

export async function checkWrites(installation: Installation, database: Database, writes: Write[]): Promise<Verdict> {
  const cipher = clinicalCipherFor(loadConfig(installation));
  const lost: string[] = [];
  const duplicated: string[] = [];
  const db = database.db;
  const forms = new Map(
    (await db.selectFrom('measureForms').select(['id', 'status', 'answers']).execute()).map((f) => [f.id, f]),
  );
  const alerts = await db
    .selectFrom('alerts')
    .select(['id', 'causeKey', 'acknowledgedAt', 'acknowledgedBy', 'resolvedAt', 'outcome'])
    .execute();
  const alertById = new Map(alerts.map((a) => [a.id, a]));
  const marks = await db.selectFrom('sessionAttendance').select(['sessionId', 'groupMemberId', 'status']).execute();
  // How many audit records each form and alert has per action: a write done twice shows here.
  const audit = new Map<string, number>();
  for (const row of await db
    .selectFrom('auditEvents')
    .select(['action', 'subjectId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', 'in', ['measures.submitted', 'alerts.acknowledged', 'alerts.resolved'])
    .groupBy(['action', 'subjectId'])
    .execute())
    audit.set(`${row.action}:${row.subjectId}`, Number(row.n));
  const audited = (action: string, id: string) => audit.get(`${action}:${id}`) ?? 0;
  /** One audit record per write: none is a loss, two a duplicate. */
  const auditedOnce = (action: string, id: string, what: string) => {
    const n = audited(action, id);
    if (n !== 1) (n === 0 ? lost : duplicated).push(`${what}: ${n} ${action} audit records`);
  };
  const answersOf = (formId: string) => {
    const sealed = forms.get(formId)?.answers;
    return sealed
      ? (JSON.parse(cipher.decrypt(sealed, sealedIn('measureForms.answers', formId))) as Record<string, number>)
      : null;
  };

  // Saved answers are replaced by the next save or the check-in: only the last answered save of a
  // form is still to be seen, and then only when nothing sent after it may have replaced it.
  const lastToForm = new Map<string, Write>();
  for (const write of writes)
    if (write.kind === 'answers' || write.kind === 'check-in') lastToForm.set(write.formId, write);

  // Each answered write, whole and once.
  for (const write of writes.filter((w) => w.state === 'answered')) {
    const what = `${write.kind} ${write.method} ${write.url}`;
    switch (write.kind) {
      case 'answers': {
        const kept = answersOf(write.formId);
        if (!kept) lost.push(what);
        else if (lastToForm.get(write.formId) === write && !sameAnswers(kept, write.answers)) lost.push(what);
        break;
      }
      case 'check-in': {
        const form = forms.get(write.formId);
        const kept = answersOf(write.formId);
        if (form?.status !== 'completed' || !kept || !sameAnswers(kept, write.answers)) lost.push(what);
        auditedOnce('measures.submitted', write.formId, what);
        const safety = (write.answers['9'] ?? 0) > 0;
        const raised = alerts.filter((a) => a.causeKey === `safety.phq9-item9:${write.formId}`).length;
        if (safety && raised !== 1) (raised === 0 ? lost : duplicated).push(`${what}: ${raised} safety alert(s)`);
        break;
      }
      case 'attendance': {
        const kept = marks.filter((m) => m.sessionId === write.sessionId);
        const whole =
          kept.length === write.marks.length &&
          write.marks.every((m) => kept.some((k) => k.groupMemberId === m.memberId && k.status === m.status));
        if (!whole) lost.push(`${what}: ${kept.length} of ${write.marks.length} marks as sent`);
        break;
      }
      case 'acknowledgement': {
        const alert = alertById.get(write.alertId);
        if (!alert?.acknowledgedAt || alert.acknowledgedBy !== write.by) lost.push(what);
        auditedOnce('alerts.acknowledged', write.alertId, what);
        break;
      }
      case 'resolution': {
        const alert = alertById.get(write.alertId);
        const outcome = alert?.outcome && cipher.decrypt(alert.outcome, sealedIn('alerts.outcome', write.alertId));
        if (!alert?.resolvedAt || outcome !== write.outcome) lost.push(what);
        auditedOnce('alerts.resolved', write.alertId, what);
        break;
      }
    }
  }

  // Everything, answered, in doubt or never sent: nothing twice, nothing half-written.
  for (const [id, form] of forms) {
    const sent = audited('measures.submitted', id);
    if (sent > 1) duplicated.push(`form ${id} sent ${sent} times`);
    else if ((form.status === 'completed') !== (sent === 1))
      lost.push(`form ${id} is half-written: ${form.status}, ${sent} measures.submitted audit records`);
  }
  const causes = new Map<string, number>();
  for (const alert of alerts) {
    causes.set(alert.causeKey, (causes.get(alert.causeKey) ?? 0) + 1);
    const acknowledged = audited('alerts.acknowledged', alert.id);
    const resolved = audited('alerts.resolved', alert.id);
    if (acknowledged > 1) duplicated.push(`alert ${alert.id} acknowledged ${acknowledged} times`);
    if (resolved > 1) duplicated.push(`alert ${alert.id} resolved ${resolved} times`);
    if ((alert.resolvedAt !== null) !== (resolved === 1) || (alert.resolvedAt !== null && !alert.outcome))
      lost.push(`alert ${alert.id} is half resolved`);
  }
  for (const [cause, n] of causes) if (n > 1) duplicated.push(`${n} alerts for ${cause}`);
  return { lost, duplicated };
}
