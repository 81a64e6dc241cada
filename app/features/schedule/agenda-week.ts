/**
 * The agenda's week rule, written once. A week runs Monday to Sunday in the viewer's own time
 * zone. From Saturday on, the working week is over, so "this week" is the coming one; the rest of
 * the weekend leads it, so a weekend session still on today's or tomorrow's calendar stays in view.
 */

export interface AgendaWeek {
  /** The Monday that names the week; the previous and next weeks are 7 days either side. */
  monday: Date;
  /** The days shown, in order: the week's seven, led by the rest of the weekend when it is "this week". */
  days: Date[];
  /** The window asked of the server: the first day shown, 00:00, to the Monday after, 00:00. */
  from: Date;
  to: Date;
}

function startOfDay(date: Date): Date {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return d;
}

export function addDays(date: Date, days: number): Date {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

const isWeekend = (date: Date) => date.getDay() === 6 || date.getDay() === 0;

/** The Monday of "this week" at `now`: this week's on a weekday, the coming one on a weekend. */
export function thisWeeksMonday(now: Date): Date {
  const today = startOfDay(now);
  if (isWeekend(today)) return addDays(today, today.getDay() === 6 ? 2 : 1);
  return addDays(today, -((today.getDay() + 6) % 7));
}

/** The days and window of the week named by `monday`, as seen at `now`. */
export function agendaWeek(monday: Date, now: Date): AgendaWeek {
  const start = startOfDay(monday);
  const today = startOfDay(now);
  const leadingDays =
    isWeekend(today) && start.getTime() === thisWeeksMonday(now).getTime()
      ? Math.round((start.getTime() - today.getTime()) / 86_400_000)
      : 0;
  const first = addDays(start, -leadingDays);
  const days = Array.from({ length: leadingDays + 7 }, (_, i) => addDays(first, i));
  return { monday: start, days, from: first, to: addDays(start, 7) };
}
