// The people writing while the server is killed: each member answers and sends check-ins, each
// clinician marks attendance and, as a second client, acknowledges and resolves their group's
// alerts (which the members' safety answers raise). Every client writes one thing at a time, as a
// person would, and stops at the first request the dead server does not answer.
import type { CrashGroup, CrashMember } from './practice.js';
import { newWrite, read, send, UnexpectedAnswer, type Write } from './writes.js';

/** A write in the load gets this long; a live server answers in milliseconds. */
const WRITE_TIMEOUT_MS = 10_000;
/** A retry whose key the killed process still holds waits this long (see retryUnanswered). */
const STUCK_RETRY_TIMEOUT_MS = 1_000;
const ATTENDANCE = ['present', 'late', 'left-early', 'absent-excused'] as const;

export type NextWrite = () => Promise<Write | null>;

interface AlertList {
  alerts: Array<{ id: string; acknowledged: { at: string } | null }>;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const phq9 = (from: number, to: number) =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), pick([0, 1, 2, 3])]));

/** Saves the first answers of a check-in (come back later), then sends it whole. */
function memberClient(member: CrashMember): NextWrite {
  let saved: string | null = null;
  return async () => {
    const formId = member.forms[0];
    if (!formId) return null;
    const request = { cookie: member.person.cookie, body: {} };
    if (saved !== formId) {
      saved = formId;
      const answers = phq9(1, 4);
      return newWrite(
        { ...request, method: 'PUT', url: `/api/my/measures/${formId}/answers`, body: { answers } },
        { kind: 'answers', formId, answers },
      );
    }
    member.forms.shift();
    // About one in three answers the safety question above 0: an urgent alert for the clinician.
    const answers = { ...phq9(1, 8), '9': Math.random() < 0.35 ? 1 : 0 };
    return newWrite(
      { ...request, method: 'POST', url: `/api/my/measures/${formId}/submission`, body: { answers } },
      { kind: 'check-in', formId, answers },
    );
  };
}

/** Marks every member of the next past session. */
function attendanceClient(group: CrashGroup): NextWrite {
  return async () => {
    const sessionId = group.sessions.shift();
    if (!sessionId) return null;
    const marks = group.members.map((m) => ({ memberId: m.memberId, status: pick(ATTENDANCE) }));
    return newWrite(
      {
        method: 'PUT',
        url: `/api/groups/${group.groupId}/sessions/${sessionId}/attendance`,
        body: { marks },
        cookie: group.clinician.cookie,
      },
      { kind: 'attendance', sessionId, marks },
    );
  };
}

/** Acknowledges the group's oldest open alert, or resolves it once acknowledged. */
function alertClient(group: CrashGroup, baseUrl: string): NextWrite {
  const cookie = group.clinician.cookie;
  return async () => {
    const { alerts } = await read<AlertList>(baseUrl, `/api/groups/${group.groupId}/alerts`, cookie, WRITE_TIMEOUT_MS);
    const alert = alerts[0];
    if (!alert) return null;
    const base = `/api/groups/${group.groupId}/alerts/${alert.id}`;
    if (!alert.acknowledged)
      return newWrite(
        { method: 'POST', url: `${base}/acknowledgement`, body: {}, cookie },
        { kind: 'acknowledgement', alertId: alert.id, by: group.clinician.userId },
      );
    const outcome = `Called them the same day; they are safe and have a plan (${alert.id}).`;
    return newWrite(
      { method: 'POST', url: `${base}/resolution`, body: { outcome }, cookie },
      { kind: 'resolution', alertId: alert.id, outcome },
    );
  };
}

export interface Load {
  /** Resolves when every client has stopped: out of work, or its server is gone. */
  done: Promise<void>;
  /** Every write sent, in order. */
  writes: Write[];
  /** Answers no client should have had from a live server. */
  failures: string[];
}

/**
 * The people of the practice, one client each (a clinician twice: attendance, and alerts). Made
 * once per engine: like a person, a client picks up after a crash where it left off.
 */
export function crashClients(groups: CrashGroup[], baseUrl: string): NextWrite[] {
  return groups.flatMap((group) => [
    ...group.members.map((member) => memberClient(member)),
    attendanceClient(group),
    alertClient(group, baseUrl),
  ]);
}

/** Starts every client against `baseUrl`; they run until `stopped()` or the server dies. */
export function startLoad(clients: NextWrite[], baseUrl: string, stopped: () => boolean): Load {
  const writes: Write[] = [];
  const failures: string[] = [];
  const run = async (next: NextWrite) => {
    while (!stopped()) {
      let write: Write | null;
      try {
        write = await next();
      } catch (error) {
        if (error instanceof UnexpectedAnswer) failures.push(error.message);
        return; // the server is gone (or answered what it never should): this client stops
      }
      if (!write) {
        // Nothing to do yet (no open alert): look again shortly.
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      writes.push(write);
      try {
        settle(write, await send(baseUrl, write, WRITE_TIMEOUT_MS), failures);
      } catch {
        return; // no answer: the write stays unanswered, to be retried after the restart
      }
    }
  };
  return { done: Promise.all(clients.map(run)).then(() => undefined), writes, failures };
}

function settle(write: Write, answer: { status: number; text: string }, failures: string[]): void {
  if (answer.status >= 200 && answer.status < 300) {
    write.state = 'answered';
    return;
  }
  write.state = 'refused';
  write.problem = `${write.method} ${write.url} answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  failures.push(write.problem);
}

/**
 * Sends every unanswered write again with its own key and body, as a client does after a dropped
 * connection; each must settle with a 2xx. Except those whose key the killed process had claimed
 * without keeping an answer (`claimed`): idempotency takes such a claim as abandoned only after two
 * minutes, and until then answers a repeat `409 still being worked on` after waiting 10 s. Those
 * retries get a short wait, and their write is then in doubt: there or not, but never twice.
 */
export async function retryUnanswered(
  writes: Write[],
  baseUrl: string,
  claimed: ReadonlySet<string>,
  failures: string[],
): Promise<void> {
  await Promise.all(
    writes
      .filter((w) => w.state === 'unanswered')
      .map(async (write) => {
        write.retried = true;
        const stuck = claimed.has(write.key);
        try {
          const answer = await send(baseUrl, write, stuck ? STUCK_RETRY_TIMEOUT_MS : WRITE_TIMEOUT_MS);
          if (stuck && answer.status === 409 && /still being worked on/.test(answer.text)) write.state = 'in-doubt';
          else settle(write, answer, failures);
        } catch {
          if (stuck) write.state = 'in-doubt';
          else {
            write.state = 'refused';
            write.problem = `${write.method} ${write.url}: no answer to its retry within ${WRITE_TIMEOUT_MS / 1000} s`;
            failures.push(write.problem);
          }
        }
      }),
  );
}
