import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../auth/viewer.js';
import type { AuditEntry } from './audit-log.js';

/** Where a request came from, for the audit record. */
export function requestOrigin(request: FastifyRequest): Pick<AuditEntry, 'ip' | 'userAgent'> {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The viewer as the audit record's actor, acting in their current practice and role. */
export function actorOf(viewer: Viewer): Pick<AuditEntry, 'actor' | 'practiceId'> {
  return { actor: { userId: viewer.userId, role: viewer.role }, practiceId: viewer.practiceId };
}
