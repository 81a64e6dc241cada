import { describe, expect, it } from 'vitest';
import { directionOf, negotiateLocale, parseAcceptLanguage } from './locale.js';

describe('choosing a language', () => {
  it('orders Accept-Language by weight, keeping the order of equal weights', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, es;q=0.95, *;q=0.5')).toEqual(['fr-CH', 'es', 'fr']);
    expect(parseAcceptLanguage('es-MX,es;q=0.9,en;q=0.8')).toEqual(['es-MX', 'es', 'en']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage('en;q=0, es')).toEqual(['es']);
    expect(parseAcceptLanguage('en-GB')).toEqual(['en-GB']);
    expect(parseAcceptLanguage('*')).toEqual([]);
    // The weight's name in any case, spaces allowed around it (RFC 9110 §12.4.2).
    expect(parseAcceptLanguage('en;Q=0.1, es;q=0.5')).toEqual(['es', 'en']);
    expect(parseAcceptLanguage('en ; q = 0.2, es;q=0.3')).toEqual(['es', 'en']);
    // A malformed or out-of-range weight is not a preference, never an error.
    expect(parseAcceptLanguage('en;q=abc, es;q=0.1')).toEqual(['es']);
    expect(parseAcceptLanguage('en;q=2, es;q=0.1')).toEqual(['es']);
  });

  it('takes the first supported language, a regional variant counting as its language', () => {
    expect(negotiateLocale(['fr', 'es-MX', 'en'], 'en')).toBe('es');
    expect(negotiateLocale(['EN-gb'], 'es')).toBe('en');
    expect(negotiateLocale(parseAcceptLanguage('es-MX,es;q=0.9,en;q=0.8'), 'en')).toBe('es');
    expect(negotiateLocale(parseAcceptLanguage('en-GB'), 'es')).toBe('en');
    expect(negotiateLocale(parseAcceptLanguage('fr-FR, en;q=0.1, es;q=0.9'), 'en')).toBe('es');
    // "*" (any language) leaves the choice to the fallback: the practice's default.
    expect(negotiateLocale(parseAcceptLanguage('*'), 'es')).toBe('es');
  });

  it('falls back, never fails, on an unknown or malformed language', () => {
    expect(negotiateLocale(['xx', '', null, undefined, '!!'], 'es')).toBe('es');
    expect(negotiateLocale(parseAcceptLanguage('garbage;;q=abc'), 'en')).toBe('en');
  });

  it('knows which scripts run right to left', () => {
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('es')).toBe('ltr');
  });
});
