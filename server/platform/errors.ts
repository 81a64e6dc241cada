import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpProblem, problem, sendProblem, type FieldError } from './problem.js';

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

/**
 * Every error leaves as application/problem+json (RFC 9457). Client mistakes keep their 4xx and
 * say what to change; anything unexpected is logged with the request id and answers a bare 500,
 * so no internal detail (or clinical text in a query) reaches the client.
 */
export function registerErrorHandling(app: FastifyInstance): void {
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
