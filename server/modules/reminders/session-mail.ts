import { DateTime } from 'luxon';
import { VIDEO_LINK_OPENS_MINUTES, zoneInWords } from '../../../domain/schedule.js';
import type { OutgoingMail } from '../../platform/mail/mailer.js';
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

/** "Tuesday 6 October at 18:00 (London time)". */
export function whenInWords(startsAt: string, zone: string): string {
  return `${DateTime.fromISO(startsAt, { zone }).toFormat("cccc d LLLL 'at' HH:mm")} (${zoneInWords(zone)})`;
}

function whereInWords(s: SessionFacts): string {
  const online = `Online: the link appears in Hearth ${VIDEO_LINK_OPENS_MINUTES} minutes before the session starts.`;
  if (s.meetingMode === 'online') return online;
  if (s.meetingMode === 'hybrid')
    return `${s.place ?? ''}, or online: the link appears in Hearth ${VIDEO_LINK_OPENS_MINUTES} minutes before.`;
  return `Where: ${s.place ?? ''}`;
}

const TYPES = {
  reminder: (s: SessionFacts) => ({
    subject: `Reminder: ${s.groupName}, ${whenInWords(s.startsAt, s.timeZone)}`,
    lead: `This is a reminder that ${s.groupName} meets on ${whenInWords(s.startsAt, s.timeZone)}.`,
  }),
  added: (s: SessionFacts) => ({
    subject: `An extra session of ${s.groupName}`,
    lead: `An extra session of ${s.groupName} has been added on ${whenInWords(s.startsAt, s.timeZone)}.`,
  }),
  moved: (s: SessionFacts) => ({
    subject: `A session of ${s.groupName} has moved`,
    lead: s.previousStart
      ? `The session of ${s.groupName} on ${whenInWords(s.previousStart, s.timeZone)} has moved. It now meets on ${whenInWords(s.startsAt, s.timeZone)}.`
      : `A session of ${s.groupName} has moved. It now meets on ${whenInWords(s.startsAt, s.timeZone)}.`,
  }),
  cancelled: (s: SessionFacts) => ({
    subject: `Cancelled: ${s.groupName}, ${whenInWords(s.startsAt, s.timeZone)}`,
    lead: `The session of ${s.groupName} on ${whenInWords(s.startsAt, s.timeZone)} will not take place.`,
  }),
  restored: (s: SessionFacts) => ({
    subject: `Back on: ${s.groupName}, ${whenInWords(s.startsAt, s.timeZone)}`,
    lead: `Good news: the session of ${s.groupName} on ${whenInWords(s.startsAt, s.timeZone)} will take place after all.`,
  }),
};
export type SessionMailType = keyof typeof TYPES;

/** An e-mail to one person about one session, in plain words. */
export function sessionMail(type: SessionMailType, s: SessionFacts, to: Recipient, publicUrl: string): OutgoingMail {
  const { subject, lead } = TYPES[type](s);
  const page = to.role === 'member' ? `${publicUrl}/sessions` : `${publicUrl}/agenda`;
  const lines = [`Hello ${to.name},`, '', lead];
  if (type === 'cancelled') {
    if (s.cancelNote) lines.push('', `A note from your facilitator: ${s.cancelNote}`);
  } else {
    lines.push('', whereInWords(s));
    if (s.noteForMembers) lines.push('', `For this session: ${s.noteForMembers}`);
  }
  lines.push('', `Your sessions: ${page}`);
  if (type === 'reminder')
    lines.push(
      '',
      `You can turn these reminders off in Hearth, on ${to.role === 'member' ? 'your Sessions page' : 'the group’s Sessions page'}.`,
    );
  return { to: to.email, practiceId: s.practiceId, subject, text: lines.join('\n') };
}
