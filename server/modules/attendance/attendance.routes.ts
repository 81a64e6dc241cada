import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { closeAlert, groupAlerts } from '../alerts/alerts.service.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import { SessionParamsSchema } from '../schedule/schedule.schema.js';
import { AttendanceSheetSchema, AttendanceSummarySchema, RecordAttendanceBodySchema } from './attendance.schema.js';
import { attendanceSheet, attendanceSummary, recordAttendance, type AttendanceContext } from './attendance.service.js';

const AlertListSchema = z.object({
  alerts: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      urgency: z.enum(['routine', 'urgent']),
      createdAt: z.string(),
      member: z.object({ id: z.string(), name: z.string(), displayName: z.string().nullable() }).nullable(),
      summary: z.string(),
    }),
  ),
});

/** Attendance of sessions, attendance rates, and the alerts facilitators act on. */
export function attendanceRoutes(app: HearthApp, services: Services): void {
  const context: AttendanceContext = services;
  const tags = ['attendance'];

  app.get(
    '/api/groups/:groupId/sessions/:sessionId/attendance',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Who a session expected, and their marks',
        tags,
        params: SessionParamsSchema,
        response: { 200: AttendanceSheetSchema },
      },
    },
    async (request) =>
      attendanceSheet(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.put(
    '/api/groups/:groupId/sessions/:sessionId/attendance',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Record attendance for a session',
        tags,
        params: SessionParamsSchema,
        body: RecordAttendanceBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { groupId, sessionId } = request.params;
      await recordAttendance(context, requireViewer(request), groupId, sessionId, request.body, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/groups/:groupId/attendance',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Attendance rates of a group and each member',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: AttendanceSummarySchema },
      },
    },
    async (request) => attendanceSummary(context, requireViewer(request), request.params.groupId),
  );

  app.get(
    '/api/groups/:groupId/alerts',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'A group’s open alerts',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: AlertListSchema },
      },
    },
    async (request) => groupAlerts(context, requireViewer(request), request.params.groupId),
  );

  app.post(
    '/api/groups/:groupId/alerts/:alertId/resolution',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Close an alert, saying what was done',
        tags,
        params: z.object({ groupId: z.string().min(1).max(64), alertId: z.string().min(1).max(64) }),
        body: z.object({
          outcome: z
            .string({ error: 'Say what was done.' })
            .trim()
            .min(1, 'Say what was done, for example “Called; she is unwell and will be back next week.”')
            .max(1000, 'Use at most 1000 characters.'),
        }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { groupId, alertId } = request.params;
      await closeAlert(context, requireViewer(request), groupId, alertId, request.body.outcome, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );
}
