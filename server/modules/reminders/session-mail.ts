import { translator, type Translator } from '../../platform/i18n.js';
import type { OutgoingMail } from '../../platform/mail/mailer.js';
import { whenInWords } from '../../platform/time-words.js';
import { VIDEO_LINK_OPENS_MINUTES } from '../../../domain/schedule.js';
import type { Recipient } from './reminders.repository.js';

/** The facts of a session an e-mail about it needs. No clinical text, no other people's names. */
export interface SessionFacts {
  practiceId: string;
  groupName: string;
  timeZone: string;
  startsAt: string;
  meetingMode: string;
  place: string | null;
  noteForMembers: string | null;
  cancelNote: string | null;
  /** For a move: where it was. */
  previousStart?: string | undefined;
}

function whereInWords(t: Translator, s: SessionFacts): string {
  const minutes = VIDEO_LINK_OPENS_MINUTES;
  if (s.meetingMode === 'online') return t.t('mail.session.whereOnline', { minutes });
  if (s.meetingMode === 'hybrid') return t.t('mail.session.whereHybrid', { place: s.place ?? '', minutes });
  return t.t('mail.session.whereInPerson', { place: s.place ?? '' });
}

/** The subject and first line of each kind of session e-mail. */
function subjectAndLead(t: Translator, type: SessionMailType, s: SessionFacts, zone: string) {
  const group = s.groupName;
  const when = whenInWords(t, s.startsAt, zone);
  if (type === 'moved') {
    return {
      subject: t.t('mail.session.moved.subject', { group }),
      lead: s.previousStart
        ? t.t('mail.session.moved.lead', { group, when, previous: whenInWords(t, s.previousStart, zone) })
        : t.t('mail.session.movedUnknown.lead', { group, when }),
    };
  }
  return {
    subject: t.t(`mail.session.${type}.subject`, { group, when }),
    lead: t.t(`mail.session.${type}.lead`, { group, when }),
  };
}

export const SESSION_MAIL_TYPES = ['reminder', 'added', 'moved', 'cancelled', 'restored'] as const;
export type SessionMailType = (typeof SESSION_MAIL_TYPES)[number];

/** An e-mail to one person about one session, in plain words, in their language. */
export function sessionMail(type: SessionMailType, s: SessionFacts, to: Recipient, publicUrl: string): OutgoingMail {
  const t = translator(to.locale);
  // A member reads the time where they are (their saved zone); staff plan in the group's. The zone
  // is always named, so nobody mistakes one clock for the other.
  const zone = to.role === 'member' && to.timeZone ? to.timeZone : s.timeZone;
  const { subject, lead } = subjectAndLead(t, type, s, zone);
  const page = to.role === 'member' ? `${publicUrl}/sessions` : `${publicUrl}/agenda`;
  const lines = [t.t('mail.greeting', { name: to.name }), '', lead];
  if (type === 'cancelled') {
    if (s.cancelNote) lines.push('', t.t('mail.session.cancelNote', { note: s.cancelNote }));
  } else {
    lines.push('', whereInWords(t, s));
    if (s.noteForMembers) lines.push('', t.t('mail.session.noteForMembers', { note: s.noteForMembers }));
  }
  lines.push('', t.t('mail.session.yourSessions', { link: page }));
  if (type === 'reminder') lines.push('', t.t('mail.session.remindersOff', { page: to.role }));
  return { to: to.email, practiceId: s.practiceId, subject, text: lines.join('\n') };
}
