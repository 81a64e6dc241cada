import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/** Problem type of a 403 that asks the person to set up two-step sign-in first; the web app acts on it. */
export const TWO_FACTOR_REQUIRED = '/problems/two-factor-enrolment-required';

/** Problem type of a 401 for a session ended by inactivity; the web app says so on the sign-in page. */
export const SESSION_IDLE = '/problems/session-ended-after-inactivity';

/** Problem type of a 401 for a session ended because the person no longer has access to any practice. */
export const ACCESS_ENDED = '/problems/access-ended';

/** Problem type of a 503 while the database cannot be reached; try again after Retry-After. */
export const DATABASE_UNAVAILABLE = '/problems/database-unavailable';

/** Problem type of a 503 for a write refused because the server's storage is full. */
export const INSUFFICIENT_STORAGE = '/problems/insufficient-storage';

/** One invalid input, named by its path in the request (`body.email`, `query.limit`). */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/**
 * An error a route throws on purpose: its status and words reach the person as problem+json.
 * Anything else thrown is a fault of ours and answers 500 without details.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** The problem type (a `/problems/…` path) when the web app acts on this problem; about:blank otherwise. */
    readonly code?: string,
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** Builds the problem document for a status. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: extra.type ?? 'about:blank',
    title: extra.title ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(extra.instance !== undefined && { instance: extra.instance }),
    ...(extra.errors && { errors: extra.errors }),
  };
}

/** Sends a problem document with the right media type. */
export function sendProblem(reply: FastifyReply, body: Problem) {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}
