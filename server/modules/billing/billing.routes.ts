import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import { translatorFor } from '../../platform/problem.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { SessionParamsSchema } from '../schedule/schedule.schema.js';
import {
  BillingLineSchema,
  BillingLinesSchema,
  CreateLinesBodySchema,
  LineParamsSchema,
  LinesQuerySchema,
  OutcomeBodySchema,
  NotePdfParamsSchema,
  PersonParamsSchema,
  RangeSchema,
  BillingSettingsBodySchema,
  BillingSettingsSchema,
  ClinicianBillingBodySchema,
  ClinicianParamsSchema,
} from './billing.schema.js';
import { exportCsv, notePdfOf, superbill } from './documents.service.js';
import { createLines, listLines, recordOutcome, sessionLines } from './lines.service.js';
import { billingSettings, saveBillingSettings, saveClinicianBilling, type BillingContext } from './billing.service.js';

/** Billing settings, billing lines and their exports, superbills and note PDFs (docs/billing.md). */
export function billingRoutes(app: HearthApp, services: Services): void {
  const context: BillingContext = services;
  const tags = ['billing'];

  app.get(
    '/api/billing/settings',
    {
      config: { policy: policies.groupLeads },
      schema: { summary: 'The practice’s billing settings and fees', tags, response: { 200: BillingSettingsSchema } },
    },
    // Policy: the viewer's practice; a clinician sees only their own identifiers.
    async (request) => billingSettings(context, requireViewer(request)),
  );

  app.put(
    '/api/billing/settings',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Change the practice’s billing details and fees',
        tags,
        body: BillingSettingsBodySchema,
        response: { 200: BillingSettingsSchema },
      },
    },
    // Policy: the practice the owner or admin acts in.
    async (request) => saveBillingSettings(context, requireViewer(request), request.body, requestOrigin(request)),
  );

  app.put(
    '/api/billing/clinicians/:userId',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Change a clinician’s NPI, licence and taxonomy code',
        tags,
        params: ClinicianParamsSchema,
        body: ClinicianBillingBodySchema,
        response: { 200: BillingSettingsSchema },
      },
    },
    async (request) =>
      saveClinicianBilling(
        context,
        requireViewer(request),
        request.params.userId,
        request.body,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/billing/lines',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Billing lines of a range of dates, with their statuses',
        tags,
        querystring: LinesQuerySchema,
        response: { 200: BillingLinesSchema },
      },
    },
    // Policy: owners and admins see the practice's lines; a clinician those of the groups they facilitate.
    async (request) => listLines(context, requireViewer(request), request.query, requestOrigin(request)),
  );

  app.get(
    '/api/groups/:groupId/sessions/:sessionId/billing-lines',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'A session’s billing lines',
        tags,
        params: SessionParamsSchema,
        response: { 200: BillingLinesSchema },
      },
    },
    async (request) =>
      sessionLines(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.post(
    '/api/groups/:groupId/sessions/:sessionId/billing-lines',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Bill a session for the people who attended it',
        tags,
        params: SessionParamsSchema,
        body: CreateLinesBodySchema,
        response: { 201: BillingLinesSchema },
      },
    },
    async (request, reply) => {
      const { groupId, sessionId } = request.params;
      const created = await createLines(
        context,
        requireViewer(request),
        groupId,
        sessionId,
        request.body,
        requestOrigin(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/billing/lines/:lineId/outcome',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Record that an exported line was paid, denied or written off',
        tags,
        params: LineParamsSchema,
        body: OutcomeBodySchema,
        response: { 200: BillingLineSchema },
      },
    },
    async (request) =>
      recordOutcome(context, requireViewer(request), request.params.lineId, request.body, requestOrigin(request)),
  );

  app.post(
    '/api/billing/exports',
    {
      config: { policy: policies.groupLeads },
      schema: { summary: 'Export the ready lines of a range as CSV; they become exported', tags, body: RangeSchema },
    },
    async (request, reply) => {
      const csv = await exportCsv(context, requireViewer(request), request.body, requestOrigin(request));
      const name = `billing-${request.body.from}-${request.body.to}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );

  app.get(
    '/api/billing/people/:userId/superbill.pdf',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'A member’s superbill for a range of dates, as PDF',
        tags,
        params: PersonParamsSchema,
        querystring: RangeSchema,
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const pdf = await superbill(
        context,
        requireViewer(request),
        request.params.userId,
        request.query,
        requestOrigin(request),
        translatorFor(request),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="superbill-${from}-${to}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/notes/:noteId/pdf',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'A signed progress note as PDF, with its signatures and addenda',
        tags,
        params: NotePdfParamsSchema,
      },
    },
    async (request, reply) => {
      const pdf = await notePdfOf(
        context,
        requireViewer(request),
        request.params.noteId,
        requestOrigin(request),
        translatorFor(request),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="progress-note.pdf"')
        .send(pdf);
    },
  );
}
