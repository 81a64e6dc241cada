import { ApiError, type FieldProblem } from '../api/client.js';

/** Splits a failed request into a message and per-field problems labelled for the summary. */
export function formProblems(error: unknown, labels: Record<string, string>) {
  if (!error) return null;
  const fields: Array<FieldProblem & { label: string }> = [];
  for (const f of error instanceof ApiError ? error.fields : []) {
    // One problem per field at a time: fixing the first often fixes the rest.
    if (!fields.some((known) => known.field === f.field)) fields.push({ ...f, label: labels[f.field] ?? f.field });
  }
  const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
  const byField = Object.fromEntries(fields.map((f) => [f.field, f.message])) as Record<string, string | undefined>;
  // When every problem is listed by field, the joined detail would only repeat them.
  return { fields, message: fields.length ? undefined : message, byField };
}
