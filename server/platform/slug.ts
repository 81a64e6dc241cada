/** A URL- and file-safe name from a display name ("Tuesday Skills Circle" → "tuesday-skills-circle"). */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || fallback;
}

/**
 * A download's Content-Disposition, named so a clinician can file it: "<group>-<date>-<what>.<ext>"
 * (issue 10), never a row id. The date is the reader's day (dayFor), not UTC's. The slug is plain
 * ASCII, so no RFC 5987 form is needed.
 */
export function attachment(name: string, day: string, what: string): string {
  return `attachment; filename="${slugify(name, 'hearth')}-${day}-${what}"`;
}
