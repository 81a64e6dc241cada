import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ClinicalCipher } from '../crypto/clinical-cipher.js';
import { sealedIn } from '../crypto/encrypted-columns.js';
import { problem, sendProblem } from '../problem.js';
import {
  claimKey,
  deleteExpiredKeys,
  findKey,
  keepResponse,
  releaseKey,
  renewLeases,
} from './idempotency.repository.js';

/** The request header that names one attempt to make something (docs/decisions/0023). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that repeats the first response to the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const KEY = /^[\x21-\x7e]{8,128}$/;
/** How long a key answers with its first response: longer than any retry a person makes. */
const KEEP_MS = 24 * 60 * 60_000;
/** A repeat that arrives while the first is still being worked on waits this long for its answer. */
const WAIT_MS = 10_000;
const POLL_MS = 50;
/**
 * A claim is a lease its instance renews every RENEW_MS while the request is worked on; one not
 * renewed for LEASE_MS was abandoned (its instance was killed or lost the database), so a retry
 * after a crash or a failover goes ahead within seconds instead of being told to wait.
 */
const LEASE_MS = 15_000;
const RENEW_MS = 5_000;

interface Claim {
  scope: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request claimed, until its response is kept. */
    idempotencyClaim: Claim | null;
  }
}

/**
 * Makes every signed-in POST idempotent by a client's `Idempotency-Key`: the same key from the same
 * viewer (in the same practice) on the same route with the same body answers with the first
 * response, never making a second row or sending a second e-mail; the same key with another
 * request is refused (422). Keys live in the database, so this holds across instances; a repeat
 * that arrives while the first is still being worked on waits for its answer. Responses of 500 and
 * above are not kept, so a retry after our fault does the work again. Requests without the header
 * behave as before. Routes open before two-factor enrolment (sign-out, enrolment) and public routes
 * are left out: they set cookies, which a replay must never repeat.
 */
export function registerIdempotency(app: FastifyInstance, deps: { database: Database; cipher: ClinicalCipher }): void {
  const db = deps.database.db;
  app.decorateRequest('idempotencyClaim', null);
  const inFlight = new Map<string, Claim>();
  const idOf = (claim: Claim) => `${claim.scope}\u0000${claim.key}`;
  const renewer = setInterval(() => {
    const claims = [...inFlight.values()];
    if (claims.length === 0) return;
    renewLeases(db, claims, new Date(Date.now() + LEASE_MS).toISOString()).catch((error: unknown) => {
      // The request itself meets the same fault and answers for it; the lease then lapses.
      app.log.warn({ err: error }, 'idempotency leases could not be renewed');
    });
  }, RENEW_MS);
  renewer.unref();
  app.addHook('onClose', async () => clearInterval(renewer));

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    const policy = request.routeOptions.config.policy;
    const viewer = request.viewer;
    if (header === undefined || request.method !== 'POST' || !policy?.signedIn || policy.beforeTwoFactor || !viewer)
      return;
    if (typeof header !== 'string' || !KEY.test(header)) {
      const message = 'Send an Idempotency-Key of 8 to 128 visible characters, new for each thing you make.';
      return sendProblem(reply, problem(400, message, { errors: [{ field: 'headers.idempotency-key', message }] }));
    }
    const claim: Claim = { scope: `${viewer.userId}:${viewer.practiceId}`, key: header };
    const route = `POST ${request.routeOptions.url}`;
    const requestHash = crypto
      .createHash('sha256')
      .update(JSON.stringify([request.params ?? null, request.query ?? null, request.body ?? null]))
      .digest('base64url');
    const giveUpAt = Date.now() + WAIT_MS;
    for (;;) {
      const now = new Date();
      try {
        await claimKey(db, {
          ...claim,
          route,
          requestHash,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
        });
        request.idempotencyClaim = claim;
        inFlight.set(idOf(claim), claim);
        // Each new key sweeps the old ones away: no timed job needed.
        await deleteExpiredKeys(db, now.toISOString());
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const row = await findKey(db, claim.scope, claim.key);
      if (!row) continue; // let go meanwhile: claim it again
      if (new Date(row.expiresAt).getTime() < now.getTime()) {
        await releaseKey(db, claim.scope, claim.key);
        continue;
      }
      if (row.route !== route || row.requestHash !== requestHash) {
        const message =
          'This Idempotency-Key was already used for a different request. Send a new key with each new request.';
        return sendProblem(reply, problem(422, message, { errors: [{ field: 'headers.idempotency-key', message }] }));
      }
      if (row.responseStatus !== null) {
        reply.code(row.responseStatus).header(REPLAYED_HEADER, 'true');
        if (row.responseType) reply.type(row.responseType);
        return reply
          .serializer((payload: unknown) => payload as string)
          .send(
            deps.cipher.decrypt(
              row.responseBody ?? '',
              sealedIn('idempotencyKeys.responseBody', claim.scope, claim.key),
            ),
          );
      }
      if (Date.now() > giveUpAt) {
        return sendProblem(
          reply,
          problem(409, 'The same request is still being worked on. Wait a moment, then look again.'),
        );
      }
      await sleep(POLL_MS);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    inFlight.delete(idOf(claim));
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (reply.statusCode >= 500 || body === null) {
      await releaseKey(db, claim.scope, claim.key);
    } else {
      const type = reply.getHeader('content-type');
      await keepResponse(db, claim.scope, claim.key, {
        responseStatus: reply.statusCode,
        responseType: typeof type === 'string' ? type : null,
        responseBody: deps.cipher.encrypt(body, sealedIn('idempotencyKeys.responseBody', claim.scope, claim.key)),
        expiresAt: new Date(Date.now() + KEEP_MS).toISOString(),
      });
    }
    return payload;
  });

  // A request that ended without a response (the client went away) lets its key go.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotencyClaim;
    if (!claim) return;
    inFlight.delete(idOf(claim));
    await releaseKey(db, claim.scope, claim.key);
  });
}
