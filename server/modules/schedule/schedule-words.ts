import { scheduleSummary, type ScheduleRule } from '../../../domain/recurrence.js';
import type { Translator } from '../../platform/i18n.js';
import { timeOfDay, zoneInWords } from '../../platform/time-words.js';

/**
 * A schedule in the reader's words, with its time in the group's zone: "every week on Tuesday at
 * 6:00 PM (Eastern Time), 24 sessions in all" / "cada martes, a las 18:00 (hora oriental)…".
 */
export function describeSchedule(t: Translator, rule: ScheduleRule): string {
  const summary = scheduleSummary(rule);
  const day = t.t('schedule.day', { weekday: String(summary.weekday) });
  const pattern =
    summary.repeat === 'custom'
      ? t.t('schedule.repeat.custom', { custom: summary.customText ?? rule.rrule })
      : t.t(`schedule.repeat.${summary.repeat}`, { day, nth: String(summary.nth) });
  const [hour = 0, minute = 0] = summary.time.split(':').map(Number);
  return t.t('schedule.description', {
    pattern,
    time: timeOfDay(t, hour, minute),
    zone: zoneInWords(t, summary.timeZone),
    count: summary.count ?? 0,
  });
}
