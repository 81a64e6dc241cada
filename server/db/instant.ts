/** Reads an instant column from either engine as an ISO-8601 UTC string. */
export function toInstant(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
