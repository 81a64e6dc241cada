import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { MemberParamsSchema } from '../safety-plan/safety-plan.schema.js';
import {
  IfsItemInputSchema,
  IfsItemSchema,
  IfsItemsSchema,
  ItemParamsSchema,
  SharingBodySchema,
} from './ifs.schema.js';
import { createItem, myItems, removeItem, saveItem, shareItem, sharedItems, type IfsContext } from './ifs.service.js';

/**
 * IFS-informed reflection aids (docs/ifs-tools.md): a member's parts maps, 6 Fs reflections and
 * Self-energy check-ins. Only the member reaches their own items; a facilitator of a group they are
 * active in reads the ones they shared (audited). Another member's item is not there (404).
 */
export function ifsRoutes(app: HearthApp, services: Services): void {
  const context: IfsContext = { database: services.database, audit: services.audit, cipher: services.cipher };
  const tags = ['reflection aids'];

  app.get(
    '/api/my/ifs',
    {
      config: { policy: policies.members },
      schema: { summary: 'Your parts maps, reflections and check-ins', tags, response: { 200: IfsItemsSchema } },
    },
    async (request) => myItems(context, requireViewer(request)),
  );

  app.post(
    '/api/my/ifs',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Start a parts map, a reflection or a check-in (private until you share it)',
        tags,
        body: IfsItemInputSchema,
        response: { 201: IfsItemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createItem(context, requireViewer(request), request.body, requestOrigin(request))),
  );

  app.put(
    '/api/my/ifs/:itemId',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Save one of your items as you go',
        tags,
        params: ItemParamsSchema,
        body: IfsItemInputSchema,
        response: { 200: IfsItemSchema },
      },
    },
    async (request) =>
      saveItem(context, requireViewer(request), request.params.itemId, request.body, requestOrigin(request)),
  );

  app.put(
    '/api/my/ifs/:itemId/sharing',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Share an item with your facilitators, or make it private again',
        tags,
        params: ItemParamsSchema,
        body: SharingBodySchema,
        response: { 200: IfsItemSchema },
      },
    },
    async (request) =>
      shareItem(context, requireViewer(request), request.params.itemId, request.body.shared, requestOrigin(request)),
  );

  app.delete(
    '/api/my/ifs/:itemId',
    {
      config: { policy: policies.members },
      schema: { summary: 'Delete one of your items', tags, params: ItemParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeItem(context, requireViewer(request), request.params.itemId, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/people/:userId/ifs',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'What a member shared with you of their reflections (audited)',
        tags,
        params: MemberParamsSchema,
        response: { 200: IfsItemsSchema },
      },
    },
    async (request) => sharedItems(context, requireViewer(request), request.params.userId, requestOrigin(request)),
  );
}
