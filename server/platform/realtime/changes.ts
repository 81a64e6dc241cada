import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Broker } from './broker.js';

/** The message that tells open pages to fetch again what a change touched (app/api/changes.ts). */
export const CHANGED = 'changed';

/** The room of a group's staff: whoever may see the group when their socket opens. */
export const groupRoom = (groupId: string) => `group:${groupId}`;

/** Where an announcement that could not be sent is reported. */
export type AnnounceLog = Pick<FastifyBaseLogger, 'warn'>;

/**
 * Sends a "changed" message, best effort: the change it tells of is already saved, and pages fetch
 * it on their next load, so a broker that cannot be reached (Redis down) is logged and never fails
 * the request or the job that made the change (docs/decisions/0027). The broker still tells this
 * instance's own pages.
 */
async function announce(broker: Broker, room: string, groupId: string, log: AnnounceLog): Promise<void> {
  try {
    await broker.publish(room, { type: CHANGED, data: { group: groupId } });
  } catch (error) {
    log.warn({ err: error, room: room.split(':')[0] }, 'realtime: a change was saved but not announced');
  }
}

/**
 * Tells every open page of the group's staff that something about the group changed. The message
 * names the group and nothing else; each page fetches again through the usual checks.
 */
export function announceGroupChange(broker: Broker, groupId: string, log: AnnounceLog): Promise<void> {
  return announce(broker, groupRoom(groupId), groupId, log);
}

/**
 * The room of a group's members for its space between sessions (docs/decisions/0040): told only of
 * changes every member may see, never of a held or hidden post.
 */
export const spaceRoom = (groupId: string) => `space:${groupId}`;

/** Tells the open pages of a group's members that its space changed (the message names the group only). */
export function announceSpaceChange(broker: Broker, groupId: string, log: AnnounceLog): Promise<void> {
  return announce(broker, spaceRoom(groupId), groupId, log);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One place for changes made through the API: a successful change on any route about a group
 * (`:groupId` in its path) is announced to that group's room. Changes made elsewhere (a job that
 * raises or escalates an alert) call announceGroupChange themselves.
 */
export function announceGroupChanges(app: FastifyInstance, broker: Broker): void {
  app.addHook('onResponse', async (request, reply) => {
    if (READS.has(request.method) || reply.statusCode >= 400) return;
    const groupId = (request.params as { groupId?: unknown } | undefined)?.groupId;
    if (typeof groupId !== 'string') return;
    await announceGroupChange(broker, groupId, request.log);
  });
}
