import type { BillingOutcome, BillingStatus, CptCode, TelehealthPlace } from '../../domain/billing.js';
import { currentIntl, translate } from '../i18n/i18n.js';
import { ApiError } from './client.js';

export interface BillingSettings {
  practice: {
    billingName: string;
    address: string;
    taxId: string;
    npi: string;
    telehealthPlace: TelehealthPlace;
  } | null;
  fees: Array<{ cpt: CptCode; feeCents: number | null }>;
  clinicians: Array<{
    userId: string;
    name: string;
    npi: string | null;
    licence: string | null;
    taxonomy: string | null;
  }>;
  canEdit: boolean;
}

export interface BillingLine {
  id: string;
  groupId: string;
  groupName: string;
  timeZone: string;
  sessionId: string;
  memberId: string;
  userId: string | null;
  memberName: string;
  clinicianId: string | null;
  clinicianName: string | null;
  serviceAt: string;
  cpt: string;
  addOn: string | null;
  placeOfService: string;
  modifier: string | null;
  units: number;
  feeCents: number;
  addOnFeeCents: number;
  diagnosisCodes: string[];
  status: BillingStatus;
  statusNote: string | null;
  statusChangedAt: string;
  /** What was recorded as paid, in cents; null until the line is paid. */
  paidCents: number | null;
}

export type { BillingOutcome };

export const billingKeys = {
  settings: () => ['billing', 'settings'] as const,
  lines: (from: string, to: string) => ['billing', 'lines', from, to] as const,
  session: (sessionId: string) => ['billing', 'session', sessionId] as const,
};

export function superbillUrl(userId: string, from: string, to: string): string {
  return `/api/billing/people/${encodeURIComponent(userId)}/superbill.pdf?from=${from}&to=${to}`;
}

/**
 * Exports the ready lines of a range: the server answers a CSV file, which the browser saves. One
 * Idempotency-Key per click, so a retried request exports nothing twice (decision 0023).
 */
export async function downloadExport(from: string, to: string): Promise<void> {
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  let response: Response;
  try {
    response = await fetch('/api/billing/exports', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'accept-language': currentIntl().locale,
        'idempotency-key': key,
      },
      body: JSON.stringify({ from, to }),
    });
  } catch {
    throw new ApiError(0, translate('api.unreachable'));
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      detail?: string;
      errors?: Array<{ message: string }>;
    };
    throw new ApiError(
      response.status,
      problem.errors?.map((e) => e.message).join(' ') || problem.detail || translate('api.failed'),
    );
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `billing-${from}-${to}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
