import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { feedText, myFeed, newFeed, revokeFeed, type CalendarContext } from './calendar.service.js';

/** Private iCalendar feeds: one secret address per person that calendar apps subscribe to. */
export function calendarRoutes(app: HearthApp, services: Services): void {
  const context: CalendarContext = { ...services, publicUrl: services.config.publicUrl };
  const tags = ['calendar'];

  app.get(
    '/api/me/calendar-feed',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Whether you have a calendar feed, and when a calendar app last read it',
        tags,
        response: {
          200: z.object({ active: z.boolean(), createdAt: z.string().nullable(), lastReadAt: z.string().nullable() }),
        },
      },
    },
    async (request) => myFeed(context, requireViewer(request)),
  );

  app.post(
    '/api/me/calendar-feed',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Make a new private calendar address (any earlier one stops working)',
        tags,
        response: { 201: z.object({ url: z.string(), createdAt: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await newFeed(context, requireViewer(request), requestOrigin(request))),
  );

  app.delete(
    '/api/me/calendar-feed',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Turn your calendar feed off', tags, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeFeed(context, requireViewer(request), requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  // The secret travels in the query string, which the request log leaves out (server/app.ts).
  app.get(
    '/api/calendar/feed.ics',
    {
      config: { policy: policies.public, rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        summary: 'A calendar feed (iCalendar), opened by its secret',
        tags,
        querystring: z.object({ token: z.string({ error: 'problem.calendar.token' }).max(200) }),
      },
    },
    async (request, reply) =>
      // Not cached: every /api answer is `no-store` (app.ts).
      reply.header('content-type', 'text/calendar; charset=utf-8').send(await feedText(context, request.query.token)),
  );
}
