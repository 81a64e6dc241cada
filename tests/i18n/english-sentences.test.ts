import { readFileSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CRISIS_RESOURCES, crisisResourcesFor } from '../../domain/crisis-resources.js';
import { BUILT_IN_INSTRUMENTS, readIn } from '../../domain/instruments.js';
import { englishSentences } from './english-sentences.js';

describe('the English-sentence scan', () => {
  it('finds English sentences, short ones included', () => {
    expect(englishSentences('Back to your check-ins')).toEqual(['Back to your check-ins']);
    expect(englishSentences('Send to my facilitator')).toEqual(['Send to my facilitator']);
    expect(englishSentences('Inicio\nYou do not have to wait: the people below are there for you.')).toEqual([
      'You do not have to wait',
      'the people below are there for you',
    ]);
    expect(englishSentences('Your answers are saved as you go, so you can stop and come back.')).toHaveLength(1);
  });

  it('lets Spanish, proper names, codes and the product’s name through', () => {
    for (const text of [
      'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
      'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
      'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo?',
      'Envía AYUDA al 741741 para escribirte en español, o escribe al 442-AYUDAME por WhatsApp.',
      'Tuesday Skills Circle',
      '988 Suicide & Crisis Lifeline',
      'Crisis Text Line',
      'Find A Helpline',
      'Text About It',
      'PHQ-9 · GAD-7 · Hearth',
      'Chatea en 988lifeline.org (en inglés).',
      'Hearth es software libre para consultorios de terapia de grupo.',
      'Tu consultorio escribió este cuestionario en inglés, así que lo ves tal como lo escribió.',
      'mar, 1 dic, 10:00–11:30 GMT-8',
    ])
      expect(englishSentences(text), text).toEqual([]);
  });
});

/** The words of an ICU message a person may read: every literal, in every branch; no syntax. */
function wordsOf(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((e) => {
    if (e.type === TYPE.literal) return [e.value];
    if (e.type === TYPE.tag) return wordsOf(e.children);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      return Object.values(e.options).flatMap((option) => wordsOf(option.value));
    return [' '];
  });
}

describe('Spanish words Hearth ships', () => {
  it('hold no English sentence: the Spanish catalog, the questionnaires’ Spanish, the crisis lines in Spanish', async () => {
    const catalog = (path: string) =>
      Object.values(JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, string>).map(
        (message) => wordsOf(parse(message)).join(''),
      );
    const texts = [
      ...catalog('../../app/i18n/catalogs/es.json'),
      ...catalog('../../server/i18n/catalogs/es.json'),
      ...BUILT_IN_INSTRUMENTS.flatMap((i) => {
        const read = readIn(i, 'es');
        return read.language === 'es'
          ? [read.title, read.stem, ...read.items.flatMap((item) => [item.text, ...item.options.map((o) => o.label)])]
          : [];
      }),
      ...CRISIS_RESOURCES.flatMap((r) => {
        const read = crisisResourcesFor(r.country, 'es');
        return [read.countryName, read.emergency.action, ...read.lines.flatMap((l) => [l.name, l.action])];
      }),
    ];
    expect(texts.flatMap(englishSentences)).toEqual([]);
  });
});
