import { z } from 'zod';
import { AlertOutcomeLimit } from '../../../domain/limits.js';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import { acknowledge, closeAlert, groupAlerts, myAlerts, type AlertsContext } from './alerts.service.js';

const AlertListSchema = z.object({
  alerts: z.array(
    z.object({
      id: z.string(),
      groupId: z.string(),
      groupName: z.string(),
      kind: z.string(),
      urgency: z.enum(['routine', 'urgent']),
      createdAt: z.string(),
      acknowledged: z.object({ at: z.string(), by: z.string() }).nullable(),
      escalatedAt: z.string().nullable(),
      member: z.object({ id: z.string(), name: z.string(), displayName: z.string().nullable() }).nullable(),
      /** The questionnaire that raised it, by its code (PHQ-9), when a measure did. */
      measure: z.string().nullable(),
      summary: z.string(),
    }),
  ),
});

const AlertResolutionBodySchema = z.object({
  outcome: z
    .string({ error: 'problem.alert.outcome' })
    .trim()
    .min(AlertOutcomeLimit.min, 'problem.alert.outcomeExample')
    .max(AlertOutcomeLimit.max, 'problem.field.atMostCharacters'),
});

const AlertParamsSchema = z.object({ groupId: z.string().min(1).max(64), alertId: z.string().min(1).max(64) });

/** Alerts to facilitators: listed, acknowledged ("I am on it"), and resolved with what was done. */
export function alertRoutes(app: HearthApp, services: Services): void {
  const context: AlertsContext = services;
  const tags = ['alerts'];

  app.get(
    '/api/alerts',
    {
      config: { policy: policies.staff },
      schema: { summary: 'Open alerts of the groups you run or oversee', tags, response: { 200: AlertListSchema } },
    },
    async (request) => myAlerts(context, requireViewer(request), requestOrigin(request)),
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
    async (request) => groupAlerts(context, requireViewer(request), request.params.groupId, requestOrigin(request)),
  );

  app.post(
    '/api/groups/:groupId/alerts/:alertId/acknowledgement',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Acknowledge an alert: you have seen it and are acting; stops its escalation',
        tags,
        params: AlertParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { groupId, alertId } = request.params;
      await acknowledge(context, requireViewer(request), groupId, alertId, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/groups/:groupId/alerts/:alertId/resolution',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Close an alert, saying what was done',
        tags,
        params: AlertParamsSchema,
        body: AlertResolutionBodySchema,
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
