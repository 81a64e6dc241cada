import { describe, expect, it } from 'vitest';
import { CRISIS_RESOURCES, crisisCountries, crisisResourcesFor } from './crisis-resources.js';
import { LOCALES } from './locale.js';

describe('crisis resources', () => {
  it('covers the United States first, then the UK, Canada, Australia, Ireland and Spain', () => {
    expect(CRISIS_RESOURCES.map((r) => r.country)).toEqual(['US', 'GB', 'CA', 'AU', 'IE', 'ES', 'INTL']);
  });

  it('gives the US lines named in PRODUCT.md §5', () => {
    const us = crisisResourcesFor('us');
    expect(us.emergency.action).toContain('911');
    const actions = us.lines.map((l) => l.action).join(' ');
    expect(actions).toContain('988');
    expect(actions).toContain('HOME to 741741');
    expect(us.lines.map((l) => l.href)).toContain('https://988lifeline.org/chat/');
  });

  it('never shows another country’s numbers: an unlisted country gets the international resources', () => {
    expect(crisisResourcesFor('DE').country).toBe('INTL');
    expect(crisisResourcesFor(null).country).toBe('INTL');
    expect(crisisResourcesFor('DE').emergency.action).not.toContain('911');
  });

  it('gives every country an emergency number and at least one line with an address', () => {
    for (const resources of CRISIS_RESOURCES) {
      expect(resources.emergency.href).toMatch(/^tel:\d+$/);
      expect(resources.lines.length).toBeGreaterThan(0);
      for (const line of resources.lines) expect(line.href).toMatch(/^(tel:|sms:|https:\/\/)/);
    }
  });

  it('in Spanish, puts the US lines that answer in Spanish first and says how to reach Spanish', () => {
    const us = crisisResourcesFor('US', 'es');
    expect(us.countryName).toBe('Estados Unidos');
    expect(us.emergency.action).toBe('Llama al 911 si estás en peligro ahora mismo.');
    expect(us.lines.map((l) => [l.name, l.answersInReadersLanguage])).toEqual([
      ['988 Línea de Prevención del Suicidio y Crisis', true],
      ['988 por mensaje de texto', true],
      ['Crisis Text Line', true],
      ['Chat de 988', false],
    ]);
    // 988: press 2 for Spanish; by text, the word AYUDA (988lifeline.org/get-help/what-to-expect).
    expect(us.lines[0]).toMatchObject({ action: expect.stringContaining('marca 2'), href: 'tel:988' });
    expect(us.lines[1]!.href).toBe('sms:988?body=AYUDA');
    // Crisis Text Line in Spanish: AYUDA to 741741, not HOME.
    expect(us.lines[2]!.href).toBe('sms:741741?body=AYUDA');
    // A line that does not answer in Spanish says so in Spanish.
    expect(us.lines[3]!.action).toContain('en inglés');
  });

  it('in Spain, offers lines that answer in Spanish: 024 and the Teléfono de la Esperanza, with their sources', () => {
    const spain = crisisResourcesFor('ES', 'es');
    expect(spain.emergency).toMatchObject({ href: 'tel:112', answersInReadersLanguage: true });
    expect(spain.lines.map((l) => [l.href, l.answersInReadersLanguage])).toEqual([
      ['tel:024', true],
      ['tel:717003717', true],
    ]);
    const sources = CRISIS_RESOURCES.find((r) => r.country === 'ES')!.lines.map((l) => l.source);
    expect(sources).toEqual(['https://www.sanidad.gob.es/linea024/home.htm', 'https://telefonodelaesperanza.org/']);
  });

  it('keeps English as it was: no Spanish-only line, the same words', () => {
    const us = crisisResourcesFor('US', 'en');
    expect(us.lines.map((l) => l.name)).toEqual([
      '988 Suicide & Crisis Lifeline',
      '988 Lifeline chat',
      'Crisis Text Line',
    ]);
    expect(us).toEqual(crisisResourcesFor('US'));
  });

  it('cites a source for every line, and for every number said to answer in Spanish; has words for every language', () => {
    for (const resources of CRISIS_RESOURCES) {
      for (const line of resources.lines)
        expect(line.source, `${resources.country} ${line.name}`).toMatch(/^https:\/\//);
      for (const line of [resources.emergency, ...resources.lines]) {
        if (line.answersIn.includes('es')) expect(line.source, line.name).toMatch(/^https:\/\//);
        for (const locale of LOCALES.filter((l) => l !== 'en')) {
          expect(line.in?.[locale]?.action, `${resources.country} ${line.name} ${locale}`).toBeTruthy();
          expect(line.in?.[locale]?.href).toMatch(/^(tel:|sms:|https:\/\/)/);
        }
      }
      for (const locale of LOCALES) expect(crisisCountries(locale).map((c) => c.country)).toContain(resources.country);
    }
    // Anywhere else in Spanish: still never another country's numbers.
    expect(crisisResourcesFor('DE', 'es').country).toBe('INTL');
  });
});
