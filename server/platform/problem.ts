import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseLocale, translator, type ServerMessageKey, type ServerMessageValues, type Translator } from './i18n.js';

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

/** One invalid input, named by its path in the request (`body.email`, `query.limit`), in the reader's words. */
export interface FieldError {
  field: string;
  message: string;
}

/** Words of the catalog, chosen in the reader's language when the problem is sent. */
export interface Words {
  key: ServerMessageKey;
  values?: ServerMessageValues;
}

/** A problem's values: plain values, or words of their own (a status's or a role's name). */
export type ProblemValues = Record<string, ServerMessageValues[string] | Words>;

/** Words as a value of another message: `{ from: words('problem.memberStatus', { status }) }`. */
export function words(key: ServerMessageKey, values?: ServerMessageValues): Words {
  return { key, values };
}

/** One invalid input as the code names it: its path and the catalog key of what to change. */
export interface FieldProblem {
  field: string;
  key: ServerMessageKey;
  values?: ProblemValues;
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
 * A problem as the code says it: a status, the catalog key of its detail (server/i18n/catalogs,
 * `problem.*`) and the key's values. The words are chosen when it is sent, in the reader's language.
 */
export interface ProblemSpec {
  status: number;
  key: ServerMessageKey;
  values?: ProblemValues;
  /** The problem type (a `/problems/…` path) when a client acts on this problem; about:blank otherwise. */
  type?: string;
  /** A title of its own; otherwise the status's title. */
  titleKey?: ServerMessageKey;
  /** Field errors, already in the reader's words (validation) … */
  errors?: FieldError[];
  /** … or as keys. */
  fields?: FieldProblem[];
}

/**
 * An error a route throws on purpose: its status and words reach the person as problem+json, in
 * their language. Anything else thrown is a fault of ours and answers 500 without details.
 */
export class HttpProblem extends Error {
  readonly spec: ProblemSpec;

  constructor(
    readonly status: number,
    readonly key: ServerMessageKey,
    options: {
      values?: ProblemValues;
      /** The field the problem is about: it gets the same words as the detail. */
      field?: string;
      /** Several fields, each with its own words. */
      fields?: FieldProblem[];
      /** The problem type (a `/problems/…` path) when the web app acts on this problem. */
      code?: string;
    } = {},
  ) {
    super(key);
    this.name = 'HttpProblem';
    const fields =
      options.fields ?? (options.field ? [{ field: options.field, key, values: options.values }] : undefined);
    this.spec = { status, key, values: options.values, type: options.code, fields };
  }
}

// Each status's title: what a person reads as the heading of a refusal.
const TITLES: Record<number, ServerMessageKey> = {
  400: 'problem.title.badRequest',
  401: 'problem.title.unauthorized',
  403: 'problem.title.forbidden',
  404: 'problem.title.notFound',
  409: 'problem.title.conflict',
  410: 'problem.title.gone',
  413: 'problem.title.tooLarge',
  415: 'problem.title.unsupportedMediaType',
  422: 'problem.title.unprocessable',
  429: 'problem.title.tooManyRequests',
  503: 'problem.title.unavailable',
};

function titleKeyOf(status: number): ServerMessageKey {
  return TITLES[status] ?? (status >= 500 ? 'problem.title.serverError' : 'problem.title.badRequest');
}

function inWords(t: Translator, values: ProblemValues | undefined): ServerMessageValues | undefined {
  if (!values) return undefined;
  const plain: ServerMessageValues = {};
  for (const [name, value] of Object.entries(values)) {
    plain[name] = value !== null && typeof value === 'object' && 'key' in value ? t.t(value.key, value.values) : value;
  }
  return plain;
}

/** Builds the problem document in one language. */
export function problemDocument(t: Translator, spec: ProblemSpec): Problem {
  const errors =
    spec.errors ??
    spec.fields?.map((f) => ({ field: f.field, message: t.t(f.key, inWords(t, f.values)) }) satisfies FieldError);
  return {
    type: spec.type ?? 'about:blank',
    title: t.t(spec.titleKey ?? titleKeyOf(spec.status)),
    status: spec.status,
    detail: t.t(spec.key, inWords(t, spec.values)),
    ...(errors && { errors }),
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The reader's language, once known (set with the viewer); see localeOf. */
    locale: string | null;
  }
}

/**
 * The language of a request: the signed-in person's saved choice, else their practice's default
 * (both set where the session is resolved), else the browser's Accept-Language, else English.
 */
export function localeOf(request: FastifyRequest) {
  return request.locale ?? chooseLocale({ acceptLanguage: request.headers['accept-language'] });
}

/** The translator for a request's reader. */
export function translatorFor(request: FastifyRequest): Translator {
  return translator(localeOf(request));
}

/** Sends a problem document, in the reader's language, with the right media type. */
export function sendProblem(reply: FastifyReply, spec: ProblemSpec) {
  const body = problemDocument(translatorFor(reply.request), spec);
  return reply
    .code(body.status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', translatorFor(reply.request).locale)
    .send(body);
}
