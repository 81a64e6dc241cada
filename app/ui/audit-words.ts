import type { AuditAction } from '../../domain/audit-actions.js';
import { translate, type MessageKey } from '../i18n/i18n.js';

/**
 * Audit actions in plain words (their catalog keys), for the admin's log and a person's own access
 * history. Typed by the list of actions, so a new action without words fails the build.
 */
export const AUDIT_ACTION_WORDS: Record<AuditAction, MessageKey> = {
  'setup.completed': 'auditWords.setup.completed',
  'auth.signed_in': 'auditWords.auth.signedIn',
  'auth.sign_in_failed': 'auditWords.auth.signInFailed',
  'auth.signed_out': 'auditWords.auth.signedOut',
  'auth.session_ended': 'auditWords.auth.sessionEnded',
  'auth.session_expired': 'auditWords.auth.sessionExpired',
  'auth.two_factor_enabled': 'auditWords.auth.twoFactorEnabled',
  'auth.two_factor_verified': 'auditWords.auth.twoFactorVerified',
  'auth.two_factor_failed': 'auditWords.auth.twoFactorFailed',
  'auth.password_reset_requested': 'auditWords.auth.passwordResetRequested',
  'auth.password_reset': 'auditWords.auth.passwordReset',
  'people.invited': 'auditWords.people.invited',
  'people.invitation_accepted': 'auditWords.people.invitationAccepted',
  'people.invitation_revoked': 'auditWords.people.invitationRevoked',
  'people.role_changed': 'auditWords.people.roleChanged',
  'people.disabled': 'auditWords.people.disabled',
  'people.enabled': 'auditWords.people.enabled',
  'practice.switched': 'auditWords.practice.switched',
  'groups.created': 'auditWords.groups.created',
  'groups.updated': 'auditWords.groups.updated',
  'groups.agreement_revised': 'auditWords.groups.agreementRevised',
  'groups.member_referred': 'auditWords.groups.memberReferred',
  'groups.member_status_changed': 'auditWords.groups.memberStatusChanged',
  'groups.member_discharged': 'auditWords.groups.memberDischarged',
  'groups.closed': 'auditWords.groups.closed',
  'groups.archived': 'auditWords.groups.archived',
  'groups.restored': 'auditWords.groups.restored',
  'groups.member_joined': 'auditWords.groups.memberJoined',
  'groups.screening_submitted': 'auditWords.groups.screeningSubmitted',
  'clinical.screening_viewed': 'auditWords.clinical.screeningViewed',
  'schedule.changed': 'auditWords.schedule.changed',
  'schedule.session_added': 'auditWords.schedule.sessionAdded',
  'schedule.session_moved': 'auditWords.schedule.sessionMoved',
  'schedule.session_changed': 'auditWords.schedule.sessionChanged',
  'schedule.session_cancelled': 'auditWords.schedule.sessionCancelled',
  'schedule.session_restored': 'auditWords.schedule.sessionRestored',
  'attendance.recorded': 'auditWords.attendance.recorded',
  'clinical.attendance_notes_viewed': 'auditWords.clinical.attendanceNotesViewed',
  'alerts.resolved': 'auditWords.alerts.resolved',
  'measures.submitted': 'auditWords.measures.submitted',
  'measures.plan_changed': 'auditWords.measures.planChanged',
  'measures.instrument_created': 'auditWords.measures.instrumentCreated',
  'clinical.outcomes_viewed': 'auditWords.clinical.outcomesViewed',
  'clinical.outcomes_exported': 'auditWords.clinical.outcomesExported',
  'alerts.raised': 'auditWords.alerts.raised',
  'alerts.acknowledged': 'auditWords.alerts.acknowledged',
  'alerts.escalated': 'auditWords.alerts.escalated',
  'clinical.escalated_alert_opened': 'auditWords.clinical.escalatedAlertOpened',
  'practice.safety_changed': 'auditWords.practice.safetyChanged',
  'practice.language_changed': 'auditWords.practice.languageChanged',
  'calendar.feed_created': 'auditWords.calendar.feedCreated',
  'calendar.feed_revoked': 'auditWords.calendar.feedRevoked',
  'audit.viewed': 'auditWords.audit.viewed',
  'audit.exported': 'auditWords.audit.exported',
  'security.key_rotated': 'auditWords.security.keyRotated',
  'data_export.requested': 'auditWords.dataExport.requested',
  'data_export.prepared': 'auditWords.dataExport.prepared',
  'data_export.downloaded': 'auditWords.dataExport.downloaded',
  'erasure.requested': 'auditWords.erasure.requested',
  'erasure.withdrawn': 'auditWords.erasure.withdrawn',
  'erasure.declined': 'auditWords.erasure.declined',
  'erasure.approved': 'auditWords.erasure.approved',
  'retention.changed': 'auditWords.retention.changed',
  'retention.purged': 'auditWords.retention.purged',
  'room.opened': 'auditWords.room.opened',
  'room.ended': 'auditWords.room.ended',
  'room.safety_marked': 'auditWords.room.safetyMarked',
  'clinical.room_summary_viewed': 'auditWords.clinical.roomSummaryViewed',
  'clinical.room_back_channel_viewed': 'auditWords.clinical.roomBackChannelViewed',
};

/**
 * An audit action in the reader's words; an action that has none yet shows its code. Components
 * pass their `useT()` so the words follow a change of language; without it, the current language's.
 */
export function auditWords(action: string, t: (key: MessageKey) => string = translate): string {
  // An action from a newer server than this page: its code, rather than nothing.
  const key = (AUDIT_ACTION_WORDS as Record<string, MessageKey | undefined>)[action];
  return key ? t(key) : action;
}
