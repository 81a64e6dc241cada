import crypto from 'node:crypto';
import { IfsItemInputSchema, IfsLimit, type IfsItemInput } from '../../../domain/ifs.js';
import type { Database } from '../../db/connect.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { HttpProblem } from '../../platform/problem.js';
import { facilitatorsOf, personName } from '../safety-plan/safety-plan.repository.js';
import { presentItem } from './ifs.presenter.js';
import { countOf, deleteItem, insertItem, itemsOf, ownItem, updateItem, type ItemRow } from './ifs.repository.js';

export interface IfsContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
}
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

function unseal(context: IfsContext, row: ItemRow) {
  const content: unknown = JSON.parse(context.cipher.decrypt(row.content, sealedIn('ifsItems.content', row.id)));
  return presentItem(row, IfsItemInputSchema.parse({ kind: row.kind, content }));
}

function seal(context: IfsContext, id: string, input: IfsItemInput) {
  return context.cipher.encrypt(JSON.stringify(input.content), sealedIn('ifsItems.content', id));
}

async function own(context: IfsContext, viewer: Viewer, itemId: string): Promise<ItemRow> {
  const row = await ownItem(context.database.db, viewer.practiceId, viewer.userId, itemId);
  if (!row) throw new HttpProblem(404, 'problem.ifs.notFound');
  return row;
}

/** The member's own items, private and shared, and who reads what they share. */
export async function myItems(context: IfsContext, viewer: Viewer) {
  const db = context.database.db;
  const [rows, readers] = await Promise.all([
    itemsOf(db, viewer.practiceId, viewer.userId, false),
    facilitatorsOf(db, viewer.practiceId, viewer.userId),
  ]);
  return {
    member: { userId: viewer.userId, name: viewer.name },
    items: rows.map((row) => unseal(context, row)),
    readers: readers.map((r) => r.name),
  };
}

/**
 * What a member shared with their facilitators: only the items they shared, only for the
 * facilitators of a group they are active in (a supervisor, an owner or an admin who does not
 * facilitate their group: 404). Each read is audited, naming the member.
 */
export async function sharedItems(context: IfsContext, viewer: Viewer, memberUserId: string, origin: Origin) {
  const db = context.database.db;
  const facilitators = await facilitatorsOf(db, viewer.practiceId, memberUserId);
  if (!facilitators.some((f) => f.userId === viewer.userId)) throw new HttpProblem(404, 'problem.ifs.notFound');
  const [member, rows] = await Promise.all([
    personName(db, memberUserId),
    itemsOf(db, viewer.practiceId, memberUserId, true),
  ]);
  if (!member) throw new HttpProblem(404, 'problem.ifs.notFound');
  if (rows.length > 0)
    await context.audit.record(db, {
      action: 'clinical.ifs_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'person', id: memberUserId },
      detail: { items: rows.length },
      people: [memberUserId],
    });
  return {
    member: { userId: member.id, name: member.name },
    items: rows.map((row) => unseal(context, row)),
    readers: facilitators.map((f) => f.name),
  };
}

/** Starts a new item, private. A member keeps up to IfsLimit.items of each kind. */
export async function createItem(context: IfsContext, viewer: Viewer, input: IfsItemInput, origin: Origin) {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    if ((await countOf(trx, viewer.practiceId, viewer.userId, input.kind)) >= IfsLimit.items)
      throw new HttpProblem(409, 'problem.ifs.tooManyItems', { values: { limit: IfsLimit.items } });
    await insertItem(trx, {
      id,
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      kind: input.kind,
      content: seal(context, id, input),
      sharedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: 'ifs.saved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'ifs_item', id },
      detail: { kind: input.kind, created: true },
      people: [viewer.userId],
    });
  });
  return unseal(context, await own(context, viewer, id));
}

/** Saves an item as the member goes (each step of a reflection, each move on the map). */
export async function saveItem(
  context: IfsContext,
  viewer: Viewer,
  itemId: string,
  input: IfsItemInput,
  origin: Origin,
) {
  const row = await own(context, viewer, itemId);
  if (row.kind !== input.kind) throw new HttpProblem(400, 'problem.ifs.kindFixed', { field: 'body.kind' });
  await context.database.db.transaction().execute(async (trx) => {
    await updateItem(trx, itemId, { content: seal(context, itemId, input), updatedAt: new Date().toISOString() });
    await context.audit.record(trx, {
      action: 'ifs.saved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'ifs_item', id: itemId },
      detail: { kind: input.kind, created: false },
      people: [viewer.userId],
    });
  });
  return unseal(context, await own(context, viewer, itemId));
}

/** Shares an item with the member's facilitators, or makes it private again. */
export async function shareItem(context: IfsContext, viewer: Viewer, itemId: string, shared: boolean, origin: Origin) {
  const row = await own(context, viewer, itemId);
  if (shared !== (row.sharedAt !== null)) {
    await context.database.db.transaction().execute(async (trx) => {
      await updateItem(trx, itemId, { sharedAt: shared ? new Date().toISOString() : null });
      await context.audit.record(trx, {
        action: shared ? 'ifs.shared' : 'ifs.unshared',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'ifs_item', id: itemId },
        detail: { kind: row.kind },
        people: [viewer.userId],
      });
    });
  }
  return unseal(context, await own(context, viewer, itemId));
}

export async function removeItem(context: IfsContext, viewer: Viewer, itemId: string, origin: Origin) {
  const row = await own(context, viewer, itemId);
  await context.database.db.transaction().execute(async (trx) => {
    await deleteItem(trx, itemId);
    await context.audit.record(trx, {
      action: 'ifs.deleted',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'ifs_item', id: itemId },
      detail: { kind: row.kind },
      people: [viewer.userId],
    });
  });
}
