import { translatorFor } from '../../platform/problem.js';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import { setMyReminders } from '../reminders/reminders.service.js';
import {
  CancelBodySchema,
  ChangeSessionBodySchema,
  ExtraSessionBodySchema,
  MySessionsSchema,
  ScheduleBodySchema,
  ScheduleSchema,
  SessionParamsSchema,
  StaffSessionListSchema,
  StaffSessionSchema,
  WindowQuerySchema,
} from './schedule.schema.js';
import {
  addSession,
  agenda,
  changeSession,
  groupSessions,
  mySessions,
  scheduleFor,
  setCancelled,
  setSchedule,
  type ScheduleContext,
} from './schedule.service.js';

/** A group's schedule and sessions for its staff; a member's own sessions and reminder choices. */
export function scheduleRoutes(app: HearthApp, services: Services): void {
  const context: ScheduleContext = services;
  const tags = ['sessions'];

  app.get(
    '/api/groups/:groupId/schedule',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'A group’s repeat rule and reminder times',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: ScheduleSchema },
      },
    },
    async (request) => scheduleFor(context, requireViewer(request), request.params.groupId, translatorFor(request)),
  );

  app.put(
    '/api/groups/:groupId/schedule',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Set a group’s repeat rule (RFC 5545 RRULE) and reminder times; only future sessions change',
        tags,
        params: GroupIdParamsSchema,
        body: ScheduleBodySchema,
        response: { 200: ScheduleSchema },
      },
    },
    async (request) =>
      setSchedule(
        context,
        requireViewer(request),
        request.params.groupId,
        request.body,
        requestOrigin(request),
        translatorFor(request),
      ),
  );

  app.get(
    '/api/groups/:groupId/sessions',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'A group’s sessions in a window (by default a week back to three months ahead)',
        tags,
        params: GroupIdParamsSchema,
        querystring: WindowQuerySchema,
        response: { 200: StaffSessionListSchema },
      },
    },
    async (request) => groupSessions(context, requireViewer(request), request.params.groupId, request.query),
  );

  app.post(
    '/api/groups/:groupId/sessions',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Add an extra session',
        tags,
        params: GroupIdParamsSchema,
        body: ExtraSessionBodySchema,
        response: { 201: StaffSessionSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addSession(
            context,
            requireViewer(request),
            request.params.groupId,
            request.body,
            requestOrigin(request),
          ),
        ),
  );

  app.patch(
    '/api/groups/:groupId/sessions/:sessionId',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Move a session, or change its length, note or link',
        tags,
        params: SessionParamsSchema,
        body: ChangeSessionBodySchema,
        response: { 200: StaffSessionSchema },
      },
    },
    async (request) =>
      changeSession(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        request.body,
        requestOrigin(request),
      ),
  );

  app.put(
    '/api/groups/:groupId/sessions/:sessionId/cancellation',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Cancel a session with a note for members; everyone is told at once',
        tags,
        params: SessionParamsSchema,
        body: CancelBodySchema,
        response: { 200: StaffSessionSchema },
      },
    },
    async (request) =>
      setCancelled(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        request.body.note,
        requestOrigin(request),
      ),
  );

  app.delete(
    '/api/groups/:groupId/sessions/:sessionId/cancellation',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Put a cancelled session back on',
        tags,
        params: SessionParamsSchema,
        response: { 200: StaffSessionSchema },
      },
    },
    async (request) =>
      setCancelled(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        null,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/agenda',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Every session of the groups you run (or, facilitating none, your practice’s)',
        tags,
        querystring: WindowQuerySchema,
        response: { 200: StaffSessionListSchema },
      },
    },
    async (request) => agenda(context, requireViewer(request), request.query),
  );

  app.get(
    '/api/my/sessions',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Your next and past sessions', tags, response: { 200: MySessionsSchema } },
    },
    async (request) => mySessions(context, requireViewer(request)),
  );

  app.put(
    '/api/my/groups/:groupId/reminders',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Turn your e-mail reminders for a group on or off',
        tags,
        params: GroupIdParamsSchema,
        body: z.object({ on: z.boolean({ error: 'problem.reminders.on' }) }),
        response: { 200: z.object({ groupId: z.string(), remindersOn: z.boolean() }) },
      },
    },
    async (request) =>
      setMyReminders(
        { ...services, publicUrl: services.config.publicUrl },
        requireViewer(request),
        request.params.groupId,
        request.body.on,
      ),
  );
}
