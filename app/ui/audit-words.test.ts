import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/i18n.js';
import { AUDIT_SUBJECT_WORDS, auditSubjectWords } from './audit-words.js';

const english = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../i18n/catalogs/en.json'), 'utf8'),
) as Record<string, string>;
const t = (key: MessageKey) => english[key] ?? key;

/** Every subject kind the server records (`subject: { type: '…' }` in server/modules). */
function recordedSubjectTypes(): string[] {
  const types = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
        for (const [, type] of fs.readFileSync(file, 'utf8').matchAll(/subject: \{ type: '([^']+)'/g)) types.add(type!);
    }
  };
  walk(path.resolve(import.meta.dirname, '../../server/modules'));
  return [...types].sort();
}

describe('what an audit record is about, in words', () => {
  it('uses the name when the server found one', () => {
    expect(auditSubjectWords({ type: 'group', name: 'Tuesday Skills Circle' }, t)).toBe('Tuesday Skills Circle');
  });

  it('says the kind of thing, never an id, when it has no name', () => {
    expect(auditSubjectWords({ type: 'measure-form', name: null }, t)).toBe('a check-in');
    expect(auditSubjectWords({ type: 'progress_note', name: null }, t)).toBe('a progress note');
  });

  it('has words for every kind of subject the server records', () => {
    const types = recordedSubjectTypes();
    expect(types.length).toBeGreaterThan(15);
    expect(types.filter((type) => !(type in AUDIT_SUBJECT_WORDS))).toEqual([]);
  });
});
