import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import {
  BillingSettingsBodySchema,
  BillingSettingsSchema,
  ClinicianBillingBodySchema,
  ClinicianParamsSchema,
} from './billing.schema.js';
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
}
