import { describe, expect, it } from 'vitest';
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
});
