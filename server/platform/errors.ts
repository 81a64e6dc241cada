import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseFault } from '../db/errors.js';
import type { DatabaseHealth } from '../db/connect.js';
import {
  DATABASE_UNAVAILABLE,
  HttpProblem,
  INSUFFICIENT_STORAGE,
  problem,
  sendProblem,
  type FieldError,
} from './problem.js';

/** Words for the client errors Fastify raises itself, so a person knows what to change. */
const FASTIFY_ERROR_DETAIL: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted; send application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_RATE_LIMITED: 'Too many attempts. Please wait a few minutes and try again.',
  FST_ERR_BAD_URL: 'The address is not correctly encoded.',
  FST_ERR_MAX_PARAM_LENGTH: 'The address is too long. Check that you copied the right link.',
};

/** Seconds a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;
/** The same for a full disk: it needs a person to make room, so ask for a longer wait. */
const STORAGE_RETRY_AFTER_SECONDS = 60;

/**
 * Every error leaves as application/problem+json (RFC 9457). Client mistakes keep their 4xx and
 * say what to change; the database being away or out of space answers 503 with Retry-After and
 * the cause in the log; anything else unexpected is logged with the request id and answers a bare
 * 500, so no internal detail (or clinical text in a query) reaches the client.
 */
export function registerErrorHandling(app: FastifyInstance, health: DatabaseHealth): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      return sendProblem(reply, problem(error.status, error.detail, { errors: error.errors, type: error.code }));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((v) => ({
        field: [partName(error.validationContext), ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is not valid',
      }));
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return sendProblem(reply, problem(400, detail, { errors }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const retryAfter = (error as { headers?: Record<string, unknown> }).headers?.['retry-after'];
      if (status === 429 && retryAfter !== undefined) reply.header('retry-after', retryAfter);
      const detail = (error.code && FASTIFY_ERROR_DETAIL[error.code]) || error.message;
      return sendProblem(reply, problem(status, detail));
    }
    const fault = databaseFault(error);
    if (fault === 'storage-full') {
      health.storageFull();
      request.log.error({ err: error, cause: 'storage-full' }, 'write refused: no space left for the database');
      reply.header('retry-after', STORAGE_RETRY_AFTER_SECONDS);
      return sendProblem(
        reply,
        problem(
          503,
          'Hearth cannot save changes right now because the server has run out of storage space. Your change was not saved. Please try again later.',
          { type: INSUFFICIENT_STORAGE, title: 'Insufficient storage' },
        ),
      );
    }
    if (fault === 'unavailable') {
      request.log.warn({ err: error, cause: 'database-unavailable' }, 'request failed: the database cannot be reached');
      reply.header('retry-after', DATABASE_RETRY_AFTER_SECONDS);
      return sendProblem(
        reply,
        problem(503, 'Hearth cannot reach its database at the moment. Please try again in a few seconds.', {
          type: DATABASE_UNAVAILABLE,
        }),
      );
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem(500, 'Something went wrong on our side. Please try again.'));
  });
}

/**
 * Errors the router raises before any route or hook runs (an address it cannot decode, a path
 * segment too long): answered as problem documents, like every other refusal.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  void sendProblem(reply, problem(status, (error.code && FASTIFY_ERROR_DETAIL[error.code]) || error.message));
}

/** The request part a validation error is in, as people say it: `query`, not Fastify's `querystring`. */
function partName(context: string | undefined): string {
  return context === 'querystring' ? 'query' : (context ?? 'body');
}
