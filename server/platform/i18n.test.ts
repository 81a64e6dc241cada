import { describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES } from '../../domain/attendance.js';
import { LOCALES } from '../../domain/locale.js';
import { MEMBER_STATUSES } from '../../domain/membership.js';
import { ROLES } from '../../domain/roles.js';
import { chooseLocale, loadCatalogs, translator } from './i18n.js';

describe('the server speaks the reader’s language', () => {
  it('loads every catalog', () => {
    expect(() => loadCatalogs()).not.toThrow();
  });

  it('translates, falling back to English for an unknown language', () => {
    expect(translator('es').t('problem.title.badRequest')).toBe('Revisa lo que escribiste');
    expect(translator('xx').locale).toBe('en');
  });

  it('chooses the saved language, then the practice default, then the browser', () => {
    expect(chooseLocale({ saved: 'es', practiceDefault: 'en', acceptLanguage: 'en' })).toBe('es');
    expect(chooseLocale({ saved: 'zz', practiceDefault: 'es', acceptLanguage: 'en' })).toBe('es');
    expect(chooseLocale({ saved: null, practiceDefault: null, acceptLanguage: 'es-MX,en;q=0.5' })).toBe('es');
    expect(chooseLocale({})).toBe('en');
  });

  it('names every code a choice accepts, in every language', () => {
    for (const locale of LOCALES) {
      const { t } = translator(locale);
      expect(t('problem.attendance.status')).toContain(ATTENDANCE_STATUSES.join(', '));
      expect(t('problem.membership.status')).toContain(MEMBER_STATUSES.join(', '));
      expect(t('problem.people.role')).toContain(ROLES.join(', '));
      expect(t('problem.form.language')).toContain(LOCALES.join(', '));
    }
  });
});
