import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import { SessionParamsSchema } from '../schedule/schedule.schema.js';
import { AttendanceSheetSchema, AttendanceSummarySchema, RecordAttendanceBodySchema } from './attendance.schema.js';
import { attendanceSheet, attendanceSummary, recordAttendance, type AttendanceContext } from './attendance.service.js';

/** Attendance of sessions and attendance rates. */
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
}
