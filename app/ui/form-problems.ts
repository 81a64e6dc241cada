import { ApiError, type FieldProblem } from '../api/client.js';
import { translate } from '../i18n/i18n.js';

/**
 * Splits a failed request into a message and per-field problems labelled for the summary.
 * `prefix` is the prefix of the form's field names, when one page holds several forms with the
 * same fields: the summary links to the prefixed field, `byField` stays keyed by the server's name.
 */
export function formProblems(error: unknown, labels: Record<string, string>, prefix = '') {
  if (!error) return null;
  const fields: Array<FieldProblem & { label: string }> = [];
  const byField: Record<string, string | undefined> = {};
  for (const f of error instanceof ApiError ? error.fields : []) {
    // One problem per field at a time: fixing the first often fixes the rest.
    if (byField[f.field]) continue;
    byField[f.field] = f.message;
    // "bands.2.min" falls back to the label of "bands".
    const label = labels[f.field] ?? labels[f.field.split('.')[0] ?? ''] ?? f.field;
    fields.push({ ...f, field: `${prefix}${f.field}`, label });
  }
  const message = error instanceof ApiError ? error.message : translate('formProblems.failed');
  // When every problem is listed by field, the joined detail would only repeat them.
  return { fields, message: fields.length ? undefined : message, byField };
}
