import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseFault } from '../db/errors.js';
import type { DatabaseHealth } from '../db/connect.js';
import { isServerMessageKey, type ServerMessageKey, type ServerMessageValues, type Translator } from './i18n.js';
import {
  DATABASE_UNAVAILABLE,
  HttpProblem,
  INSUFFICIENT_STORAGE,
  sendProblem,
  translatorFor,
  type FieldError,
} from './problem.js';

/** Words for the client errors Fastify raises itself, so a person knows what to change. */
const FASTIFY_ERROR_DETAIL: Record<string, ServerMessageKey> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'problem.request.invalidJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'problem.request.emptyJson',
  FST_ERR_CTP_BODY_TOO_LARGE: 'problem.request.tooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'problem.request.mediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'problem.request.contentLength',
  FST_ERR_BAD_URL: 'problem.request.badAddress',
  FST_ERR_MAX_PARAM_LENGTH: 'problem.request.addressTooLong',
};

/** Seconds a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;
/** The same for a full disk: it needs a person to make room, so ask for a longer wait. */
const STORAGE_RETRY_AFTER_SECONDS = 60;

/**
 * Every error leaves as application/problem+json (RFC 9457), in the reader's language (the words
 * are keys in the code and sentences in server/i18n/catalogs; docs/decisions/0035). Client
 * mistakes keep their 4xx and say what to change; the database being away or out of space answers
 * 503 with Retry-After and the cause in the log; anything else unexpected is logged with the
 * request id and answers a bare 500, so no internal detail (or clinical text in a query) reaches
 * the client.
 */
export function registerErrorHandling(app: FastifyInstance, health: DatabaseHealth): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, error.spec);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const t = translatorFor(request);
      const part = partName(error.validationContext);
      const errors = error.validation.map((v) => fieldError(t, part, v));
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return sendProblem(reply, { status: 400, key: 'problem.validation.detail', values: { detail }, errors });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const retryAfter = (error as { headers?: Record<string, unknown> }).headers?.['retry-after'];
      if (status === 429 && retryAfter !== undefined) reply.header('retry-after', retryAfter);
      if (error.code === 'FST_ERR_RATE_LIMITED') {
        const minutes = Math.ceil(Number(retryAfter ?? 60) / 60);
        return sendProblem(reply, { status, key: 'problem.tooManyAttempts', values: { minutes } });
      }
      return sendProblem(reply, frameworkProblem(status, error));
    }
    const fault = databaseFault(error);
    if (fault === 'storage-full') {
      health.storageFull();
      request.log.error({ err: error, cause: 'storage-full' }, 'write refused: no space left for the database');
      reply.header('retry-after', STORAGE_RETRY_AFTER_SECONDS);
      return sendProblem(reply, {
        status: 503,
        key: 'problem.storageFull',
        type: INSUFFICIENT_STORAGE,
        titleKey: 'problem.title.insufficientStorage',
      });
    }
    if (fault === 'unavailable') {
      request.log.warn({ err: error, cause: 'database-unavailable' }, 'request failed: the database cannot be reached');
      reply.header('retry-after', DATABASE_RETRY_AFTER_SECONDS);
      return sendProblem(reply, { status: 503, key: 'problem.databaseUnavailable', type: DATABASE_UNAVAILABLE });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, { status: 500, key: 'problem.serverError' });
  });
}

/** A client error Fastify raised itself: its words when we have them, else its own (English) message. */
function frameworkProblem(status: number, error: FastifyError) {
  const key = error.code ? FASTIFY_ERROR_DETAIL[error.code] : undefined;
  return key ? { status, key } : { status, key: 'problem.request.other' as const, values: { message: error.message } };
}

/**
 * Errors the router raises before any route or hook runs (an address it cannot decode, a path
 * segment too long): answered as problem documents, like every other refusal.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  void sendProblem(reply, frameworkProblem(status, error));
}

/** The request part a validation error is in, as people say it: `query`, not Fastify's `querystring`. */
function partName(context: string | undefined): string {
  return context === 'querystring' ? 'query' : (context ?? 'body');
}

const CATALOG_KEY = /^(problem|field)\.[\w.]+$/;

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * One invalid input in the reader's words. A schema's message is a catalog key (with the issue's
 * numbers as values) or, for words not yet moved to the catalog, English: those are kept for an
 * English reader, and another reader gets the catalog's sentence for the kind of issue, naming the
 * field as a person knows it.
 */
function fieldError(t: Translator, part: string, v: ValidationIssue): FieldError {
  const path = v.instancePath.split('/').filter(Boolean);
  const field = [part, ...path].join('.');
  const values: ServerMessageValues = { field: fieldLabel(t, path), ...issueValues(v.params) };
  const message = v.message ?? '';
  if (isServerMessageKey(message)) {
    try {
      return { field, message: t.t(message, values) };
    } catch {
      // A value the message names is missing from the issue: the kind of issue still says it.
    }
  }
  // A key-like message missing from the catalog is a slip of ours: never show the raw key.
  if (t.locale === 'en' && message && !CATALOG_KEY.test(message)) return { field, message };
  return { field, message: t.t(genericKey(v), values) };
}

/** The numbers and names an issue carries, as message values. */
function issueValues(params: Record<string, unknown>): ServerMessageValues {
  const values: ServerMessageValues = {};
  for (const name of ['minimum', 'maximum'] as const) {
    const value = params[name];
    if (typeof value === 'number' || typeof value === 'bigint') values[name] = Number(value);
  }
  values.origin = typeof params.origin === 'string' ? params.origin : 'other';
  values.format = typeof params.format === 'string' ? params.format : 'other';
  const custom = params.params;
  if (custom && typeof custom === 'object') {
    for (const [name, value] of Object.entries(custom)) {
      if (typeof value === 'string' || typeof value === 'number') values[name] = value;
    }
  }
  return values;
}

/** The catalog's sentence for a kind of issue, for schema words not in the catalog. */
function genericKey(v: ValidationIssue): ServerMessageKey {
  switch (v.keyword) {
    case 'invalid_type':
      return 'problem.field.missing';
    case 'too_small':
      return v.params.minimum === 1 && v.params.origin === 'string'
        ? 'problem.field.missing'
        : 'problem.field.tooSmall';
    case 'too_big':
      return 'problem.field.tooBig';
    case 'invalid_format':
      return 'problem.field.format';
    case 'invalid_value':
    case 'invalid_union':
      return 'problem.field.choice';
    case 'unrecognized_keys':
      return 'problem.field.unknown';
    default:
      return 'problem.field.invalid';
  }
}

/**
 * A field's name as a person knows it: `field.<name>` from the catalog for the last named part of
 * the path (`body.answers.3` is "answers"), else that name made readable ("displayName" → "display name").
 */
function fieldLabel(t: Translator, path: string[]): string {
  const name = [...path].reverse().find((segment) => !/^\d+$/.test(segment));
  if (!name) return t.t('field.input');
  const key = `field.${name}`;
  if (isServerMessageKey(key)) return t.t(key);
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
}
