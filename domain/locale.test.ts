import { describe, expect, it } from 'vitest';
import { directionOf, negotiateLocale, parseAcceptLanguage } from './locale.js';

describe('choosing a language', () => {
  it('orders Accept-Language by weight, keeping the order of equal weights', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, es;q=0.95, *;q=0.5')).toEqual(['fr-CH', 'es', 'fr']);
    expect(parseAcceptLanguage('es-MX,es;q=0.9,en;q=0.8')).toEqual(['es-MX', 'es', 'en']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage('en;q=0, es')).toEqual(['es']);
  });

  it('takes the first supported language, a regional variant counting as its language', () => {
    expect(negotiateLocale(['fr', 'es-MX', 'en'], 'en')).toBe('es');
    expect(negotiateLocale(['EN-gb'], 'es')).toBe('en');
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
