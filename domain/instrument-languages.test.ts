import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_INSTRUMENTS,
  GAD7,
  GROUP_CLIMATE,
  PHQ4,
  PHQ9,
  SESSION_CHECKOUT,
  WHO5,
  languagesOf,
  optionsOf,
  readIn,
  type Instrument,
} from './instruments.js';
import { scoreAnswers } from './scoring.js';

const es = (instrument: Instrument) => readIn(instrument, 'es');

describe('questionnaires in Spanish: only the published wording (decision 0036)', () => {
  it('reads the PHQ-9 in its Spanish (USA) form, word for word as PRODUCT.md §4 gives it', () => {
    const phq9 = es(PHQ9);
    expect(phq9.language).toBe('es');
    expect(phq9.stem).toBe(
      'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
    );
    expect(phq9.items.map((i) => i.text)).toEqual([
      'Poco interés o placer en hacer cosas',
      'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
      'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
      'Se ha sentido cansado(a) o con poca energía',
      'Sin apetito o ha comido en exceso',
      'Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
      'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
      '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
      'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
      'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?',
    ]);
    expect(phq9.items[0]!.options.map((o) => [o.value, o.label])).toEqual([
      [0, 'Ningún día'],
      [1, 'Varios días'],
      [2, 'Más de la mitad de los días'],
      [3, 'Casi todos los días'],
    ]);
    expect(phq9.items[9]!.options.map((o) => o.label)).toEqual([
      'No ha sido difícil',
      'Un poco difícil',
      'Muy difícil',
      'Extremadamente difícil',
    ]);
    expect(phq9.items[8]!.safety).toBe(true);
    expect(phq9.source).toContain('phqscreeners.com');
  });

  it('reads the GAD-7 and the PHQ-4 in the Spanish (USA) forms’ items', () => {
    expect(es(GAD7).items.map((i) => i.text)).toEqual([
      'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
      'No ha sido capaz de parar o controlar su preocupación',
      'Se ha preocupado demasiado por motivos diferentes',
      'Ha tenido dificultad para relajarse',
      'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
      'Se ha molestado o irritado fácilmente',
      'Ha tenido miedo de que algo terrible fuera a pasar',
    ]);
    // The PHQ-4 is the GAD-7's items 1–2 and the PHQ-9's items 1–2, in the PHQ-4's order.
    const phq4 = es(PHQ4);
    expect(phq4.items.map((i) => i.text)).toEqual([
      es(GAD7).items[0]!.text,
      es(GAD7).items[1]!.text,
      es(PHQ9).items[0]!.text,
      es(PHQ9).items[1]!.text,
    ]);
    expect(phq4.stem).toBe(es(PHQ9).stem);
  });

  it('shows the WHO-5 in its original, saying it is not in the language asked for', () => {
    const who5 = es(WHO5);
    expect(who5.inRequestedLanguage).toBe(false);
    expect(who5.language).toBe('en');
    expect(who5.items.map((i) => i.text)).toEqual(WHO5.items.map((i) => i.text));
    expect(who5.stem).toBe(WHO5.stem);
    // Its title is Hearth's own words, so it reads in Spanish above the original questions.
    expect(who5.title).toBe('Cómo te has sentido');
    expect(languagesOf(WHO5)).toEqual(['en']);
  });

  it('cites a source for every translation, and translates every item and every answer', () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      for (const [language, translation] of Object.entries(instrument.translations ?? {})) {
        expect(translation.source.length, `${instrument.id} ${language}`).toBeGreaterThan(10);
        expect(Object.keys(translation.items).sort()).toEqual(instrument.items.map((i) => i.id).sort());
        expect(Object.keys(translation.answers).map(Number).sort()).toEqual(
          instrument.options.map((o) => o.value).sort(),
        );
        for (const item of instrument.items.filter((i) => i.options))
          expect(Object.keys(translation.itemAnswers?.[item.id] ?? {}).map(Number)).toEqual(
            optionsOf(instrument, item).map((o) => o.value),
          );
      }
    }
  });

  it('marks Hearth’s own scales’ Spanish as Hearth’s words, not a published translation', () => {
    for (const own of [SESSION_CHECKOUT, GROUP_CLIMATE]) {
      expect(own.translations?.es?.source).toMatch(/Hearth’s own/);
      expect(es(own).items.every((i) => i.text !== own.items.find((o) => o.id === i.id)!.text)).toBe(true);
    }
  });

  it('keeps codes, values and order: a Spanish answer set scores exactly as the English one', () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      const english = readIn(instrument, 'en');
      const spanish = es(instrument);
      expect(spanish.items.map((i) => [i.id, i.options.map((o) => o.value)])).toEqual(
        english.items.map((i) => [i.id, i.options.map((o) => o.value)]),
      );
      // The answers a member gives by choosing the Spanish labels are the same values.
      const chosen = Object.fromEntries(spanish.items.map((i, n) => [i.id, i.options[n % i.options.length]!.value]));
      expect(scoreAnswers(instrument, chosen)).toEqual(
        scoreAnswers(
          instrument,
          Object.fromEntries(english.items.map((i, n) => [i.id, i.options[n % i.options.length]!.value])),
        ),
      );
    }
    expect(PHQ9.loinc).toEqual({
      panel: '44249-1',
      total: '44261-6',
      totalName: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    });
    const spanishPhq9 = es(PHQ9);
    const answers = Object.fromEntries(spanishPhq9.items.map((i) => [i.id, 2]));
    expect(scoreAnswers(PHQ9, answers)).toMatchObject({ total: 18, band: 'Moderately severe', safetyFlag: true });
  });

  it('reads English as the original, and a practice’s own instrument in the language it was written', () => {
    expect(readIn(PHQ9, 'en')).toMatchObject({ language: 'en', inRequestedLanguage: true, stem: PHQ9.stem });
    const own: Instrument = { ...SESSION_CHECKOUT, id: 'custom-x', language: 'es', translations: undefined };
    expect(readIn(own, 'es')).toMatchObject({ language: 'es', inRequestedLanguage: true });
    expect(readIn(own, 'en')).toMatchObject({ language: 'es', inRequestedLanguage: false });
  });
});
