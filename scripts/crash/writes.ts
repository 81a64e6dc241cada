// The writes the crash loop sends, and what became of each: the ledger the final check reads.
import crypto from 'node:crypto';

export type WriteKind = 'answers' | 'check-in' | 'attendance' | 'acknowledgement' | 'resolution';

/**
 * - answered: a 2xx came back (at once, or to a retry with the same key): it must be there, once.
 * - unanswered: the server died before answering; retried after the restart.
 * - in-doubt: its retry could not settle it (its key is still claimed by the killed process); it
 *   may or may not be there, but never twice.
 * - refused: a 4xx or 5xx that nothing in the loop should cause; the run fails.
 */
export type WriteState = 'answered' | 'unanswered' | 'in-doubt' | 'refused';

export type Marks = Array<{ memberId: string; status: string }>;

interface BaseWrite {
  method: 'PUT' | 'POST';
  url: string;
  body: object;
  cookie: string;
  /** Sent on every write, as the web app does; POSTs are made idempotent by it. */
  key: string;
  state: WriteState;
  retried: boolean;
  /** The refusal, for the report. */
  problem?: string;
}

export type Write = BaseWrite &
  (
    | { kind: 'answers' | 'check-in'; formId: string; answers: Record<string, number> }
    | { kind: 'attendance'; sessionId: string; marks: Marks }
    | { kind: 'acknowledgement'; alertId: string; by: string }
    | { kind: 'resolution'; alertId: string; outcome: string }
  );

type Request = Pick<BaseWrite, 'method' | 'url' | 'body' | 'cookie'>;
type Details = Write extends infer W ? (W extends Write ? Omit<W, keyof BaseWrite> : never) : never;

/** A new write, not yet sent, with a key of its own. */
export function newWrite(request: Request, details: Details): Write {
  return { ...request, ...details, key: `crash-${crypto.randomUUID()}`, state: 'unanswered', retried: false };
}

/** Sends a write once; resolves to the status and body, or rejects when no answer came. */
export async function send(
  baseUrl: string,
  write: Write,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const response = await fetch(baseUrl + write.url, {
    method: write.method,
    headers: { cookie: write.cookie, 'content-type': 'application/json', 'idempotency-key': write.key },
    body: JSON.stringify(write.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

/** An answer from a live server that the loop should never get: the run fails with it. */
export class UnexpectedAnswer extends Error {}

/** A GET as a signed-in person, for the lists the clients choose their next write from. */
export async function read<T>(baseUrl: string, url: string, cookie: string, timeoutMs: number): Promise<T> {
  const response = await fetch(baseUrl + url, { headers: { cookie }, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200)
    throw new UnexpectedAnswer(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
