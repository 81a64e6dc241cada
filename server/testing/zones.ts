/**
 * A zone whose calendar date is not UTC's at `now`, at least half an hour from its midnight: a day
 * ahead from 10:30 UTC (Kiritimati, UTC+14), a day behind before then (Pago Pago, UTC−11). A test
 * whose reader lives there catches a date taken in UTC, whatever hour it runs at.
 */
export function zoneWhoseDateIsNotUtcs(now: Date = new Date()): string {
  return now.getUTCHours() * 60 + now.getUTCMinutes() >= 10 * 60 + 30 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
}
