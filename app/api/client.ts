import { currentIntl, translate } from '../i18n/i18n.js';

/** A field-level problem from the server, with the field named as the form knows it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the server explained (application/problem+json), or a network failure we explain. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** The problem type, when the server named one (e.g. two-step sign-in required). */
    readonly type?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ProblemBody {
  type?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/**
 * The Idempotency-Key of each POST not yet answered, by what it sends (docs/decisions/0023). The
 * same request again while the first is on its way (a double click) or after it got no answer (a
 * retry) carries the same key, so the server makes the thing once; an answered request lets its
 * key go, so a later, deliberate one is new.
 */
const openAttempts = new Map<string, string>();

/** 128 random bits in hex (randomUUID needs a secure context; getRandomValues does not). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Calls the Hearth API with JSON in and out; throws ApiError with words a person can act on. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const sent = init.body === undefined ? undefined : JSON.stringify(init.body);
  const attempt = `${method} ${path} ${sent ?? ''}`;
  const key = method === 'POST' ? (openAttempts.get(attempt) ?? newKey()) : undefined;
  if (key) openAttempts.set(attempt, key);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        // The language the person reads Hearth in, so the server's messages match it.
        'accept-language': currentIntl().locale,
        ...(sent !== undefined && { 'content-type': 'application/json' }),
        ...(key && { 'idempotency-key': key }),
      },
      body: sent,
    });
  } catch {
    throw new ApiError(0, translate('api.unreachable'));
  }
  // Answered: whatever it said, trying again is a new attempt.
  if (key) openAttempts.delete(attempt);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as ProblemBody;
    const fields = (problem.errors ?? []).map((e) => ({
      field: e.field.replace(/^(body|query)\./, ''),
      message: e.message,
    }));
    // The detail names fields for API clients ("body.token: …"); a person reads the field messages.
    const message = fields.length
      ? fields.map((f) => f.message).join(' ')
      : (problem.detail ?? translate('api.failed'));
    throw new ApiError(response.status, message, fields, problem.type);
  }
  return body as T;
}
