/**
 * Crisis lines by country and language (PRODUCT.md §5, issue 12), as data: what to call, text or
 * open, in the words a frightened person can follow, in their own language. Reviewed 2026-11; each
 * line names its service and, where it matters, the page that says how to reach it, so a practice
 * can check it. Peers are never the safety net: these reach trained people.
 *
 * `answersIn` is the languages a person can be answered in on that line; it is stated only from
 * the service's own pages (`source`). A line's words in another language (`in.es`) translate what
 * to do and say which language answers: they never promise a language the service does not offer.
 */
import { DEFAULT_LOCALE, type Locale } from './locale.js';

/** What a line is called and what to do, in one language. */
export interface CrisisLineWords {
  /** Who answers. */
  name: string;
  /** What to do, as a short instruction. */
  action: string;
  /** A tel:, sms: or https: address, when one fits. In another language it may differ (text AYUDA, not HOME). */
  href?: string;
}

export interface CrisisLine extends CrisisLineWords {
  /** The languages this line answers in (BCP-47 primary tags). */
  answersIn: readonly string[];
  /** Where its numbers and languages were checked. */
  source?: string;
  /** Its words in Hearth's other languages. */
  in?: Partial<Record<Locale, CrisisLineWords>>;
  /** Shown only to readers of these languages (a way in that only they need listed on its own). */
  onlyFor?: readonly Locale[];
}

export interface CrisisResources {
  country: string;
  countryName: string;
  /** The country's name in Hearth's other languages. */
  countryNames?: Partial<Record<Locale, string>>;
  emergency: CrisisLine;
  lines: CrisisLine[];
}

/** The emergency number in Spanish: the same sentence for every country. */
const emergencyEs = (number: string, href: string): CrisisLineWords => ({
  name: 'Servicios de emergencia',
  action: `Llama al ${number} si estás en peligro ahora mismo.`,
  href,
});

// The 988 Lifeline's own page on what happens when you call or text: "Spanish-language (Press 2)";
// by text, "our Spanish-language (text AYUDA)"; its text and chat services are in Spanish too.
const LIFELINE_988 = 'https://988lifeline.org/get-help/what-to-expect';
// Crisis Text Line's announcements (2021, 2023): "text AYUDA to 741741 or 442-AYUDAME in WhatsApp".
const CRISIS_TEXT_LINE_ES =
  'https://crisistextline.org/blog/2021/10/15/hola-crisis-text-line-is-now-available-in-spanish';
// Spain's Ministry of Health runs the 024 (Línea de atención a la conducta suicida): free, national,
// confidential, every hour of every day, answered in Spanish (launched 10 May 2022, run by Cruz Roja).
const LINEA_024 = 'https://www.sanidad.gob.es/linea024/home.htm';
// Teléfono de la Esperanza, a Spanish charity listening line: 717 003 717, every hour of every day.
const TELEFONO_ESPERANZA = 'https://telefonodelaesperanza.org/';
// The other countries' lines, each from the service's own page.
const SAMARITANS_UK = 'https://www.samaritans.org/how-we-can-help/contact-samaritan/';
const NHS_111 = 'https://www.nhs.uk/nhs-services/mental-health-services/where-to-get-urgent-help-for-mental-health/';
const SHOUT = 'https://giveusashout.org/get-help/';
const CANADA_988 = 'https://988.ca/';
const LIFELINE_AU = 'https://www.lifeline.org.au/';
const BEYOND_BLUE = 'https://www.beyondblue.org.au/get-support/talk-to-a-counsellor';
const SAMARITANS_IE = 'https://www.samaritans.org/ireland/how-we-can-help/contact-samaritan/';
const TEXT_ABOUT_IT = 'https://textaboutit.ie/';

export const CRISIS_RESOURCES: readonly CrisisResources[] = [
  {
    country: 'US',
    countryName: 'United States',
    countryNames: { es: 'Estados Unidos' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 911 if you are in immediate danger.',
      href: 'tel:911',
      answersIn: ['en'],
      in: { es: emergencyEs('911', 'tel:911') },
    },
    lines: [
      {
        name: '988 Suicide & Crisis Lifeline',
        action: 'Call or text 988, any time.',
        href: 'tel:988',
        answersIn: ['en', 'es'],
        source: LIFELINE_988,
        in: {
          es: {
            name: '988 Línea de Prevención del Suicidio y Crisis',
            action: 'Llama al 988 y marca 2 para hablar en español, a cualquier hora.',
            href: 'tel:988',
          },
        },
      },
      {
        name: '988 Lifeline by text',
        action: 'Text 988, any time.',
        href: 'sms:988',
        answersIn: ['en', 'es'],
        // In English the line above says "call or text"; in Spanish, texting needs its own word (AYUDA).
        onlyFor: ['es'],
        source: LIFELINE_988,
        in: {
          es: {
            name: '988 por mensaje de texto',
            action: 'Envía la palabra AYUDA al 988 para escribirte en español.',
            href: 'sms:988?body=AYUDA',
          },
        },
      },
      {
        name: '988 Lifeline chat',
        action: 'Chat at 988lifeline.org.',
        href: 'https://988lifeline.org/chat/',
        // The chat also serves Spanish, but we could not confirm from its own pages how to reach that
        // option, so it is not offered as a Spanish line.
        answersIn: ['en'],
        source: LIFELINE_988,
        in: {
          es: {
            name: 'Chat de 988',
            action: 'Chatea en 988lifeline.org (en inglés).',
            href: 'https://988lifeline.org/chat/',
          },
        },
      },
      {
        name: 'Crisis Text Line',
        action: 'Text HOME to 741741.',
        href: 'sms:741741?body=HOME',
        answersIn: ['en', 'es'],
        source: CRISIS_TEXT_LINE_ES,
        in: {
          es: {
            name: 'Crisis Text Line',
            action: 'Envía AYUDA al 741741 para escribirte en español, o escribe al 442-AYUDAME por WhatsApp.',
            href: 'sms:741741?body=AYUDA',
          },
        },
      },
    ],
  },
  {
    country: 'GB',
    countryName: 'United Kingdom',
    countryNames: { es: 'Reino Unido' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 999 if you are in immediate danger.',
      href: 'tel:999',
      answersIn: ['en'],
      in: { es: emergencyEs('999', 'tel:999') },
    },
    lines: [
      {
        name: 'Samaritans',
        action: 'Call 116 123, free, any time.',
        href: 'tel:116123',
        answersIn: ['en'],
        source: SAMARITANS_UK,
        in: {
          es: {
            name: 'Samaritans',
            action: 'Llama al 116 123, gratis, a cualquier hora (en inglés).',
            href: 'tel:116123',
          },
        },
      },
      {
        name: 'NHS 111',
        action: 'Call 111 and choose the mental health option.',
        href: 'tel:111',
        answersIn: ['en'],
        source: NHS_111,
        in: {
          es: {
            name: 'NHS 111',
            action: 'Llama al 111 y elige la opción de salud mental (en inglés).',
            href: 'tel:111',
          },
        },
      },
      {
        name: 'Shout',
        action: 'Text SHOUT to 85258.',
        href: 'sms:85258?body=SHOUT',
        answersIn: ['en'],
        source: SHOUT,
        in: { es: { name: 'Shout', action: 'Envía SHOUT al 85258 (en inglés).', href: 'sms:85258?body=SHOUT' } },
      },
    ],
  },
  {
    country: 'CA',
    countryName: 'Canada',
    countryNames: { es: 'Canadá' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 911 if you are in immediate danger.',
      href: 'tel:911',
      answersIn: ['en', 'fr'],
      in: { es: emergencyEs('911', 'tel:911') },
    },
    lines: [
      {
        name: '9-8-8 Suicide Crisis Helpline',
        action: 'Call or text 988, any time.',
        href: 'tel:988',
        answersIn: ['en', 'fr'],
        source: CANADA_988,
        in: {
          es: {
            name: '9-8-8 Suicide Crisis Helpline',
            action: 'Llama o envía un mensaje al 988, a cualquier hora (en inglés o francés).',
            href: 'tel:988',
          },
        },
      },
    ],
  },
  {
    country: 'AU',
    countryName: 'Australia',
    countryNames: { es: 'Australia' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 000 if you are in immediate danger.',
      href: 'tel:000',
      answersIn: ['en'],
      in: { es: emergencyEs('000', 'tel:000') },
    },
    lines: [
      {
        name: 'Lifeline',
        action: 'Call 13 11 14, or text 0477 13 11 14.',
        href: 'tel:131114',
        answersIn: ['en'],
        source: LIFELINE_AU,
        in: {
          es: {
            name: 'Lifeline',
            action: 'Llama al 13 11 14 o envía un mensaje al 0477 13 11 14 (en inglés).',
            href: 'tel:131114',
          },
        },
      },
      {
        name: 'Beyond Blue',
        action: 'Call 1300 22 4636.',
        href: 'tel:1300224636',
        answersIn: ['en'],
        source: BEYOND_BLUE,
        in: { es: { name: 'Beyond Blue', action: 'Llama al 1300 22 4636 (en inglés).', href: 'tel:1300224636' } },
      },
    ],
  },
  {
    country: 'IE',
    countryName: 'Ireland',
    countryNames: { es: 'Irlanda' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 112 or 999 if you are in immediate danger.',
      href: 'tel:112',
      answersIn: ['en'],
      in: {
        es: {
          name: 'Servicios de emergencia',
          action: 'Llama al 112 o al 999 si estás en peligro ahora mismo.',
          href: 'tel:112',
        },
      },
    },
    lines: [
      {
        name: 'Samaritans',
        action: 'Call 116 123, free, any time.',
        href: 'tel:116123',
        answersIn: ['en'],
        source: SAMARITANS_IE,
        in: {
          es: {
            name: 'Samaritans',
            action: 'Llama al 116 123, gratis, a cualquier hora (en inglés).',
            href: 'tel:116123',
          },
        },
      },
      {
        name: 'Text About It',
        action: 'Text HELLO to 50808.',
        href: 'sms:50808?body=HELLO',
        answersIn: ['en'],
        source: TEXT_ABOUT_IT,
        in: {
          es: { name: 'Text About It', action: 'Envía HELLO al 50808 (en inglés).', href: 'sms:50808?body=HELLO' },
        },
      },
    ],
  },
  {
    country: 'ES',
    countryName: 'Spain',
    countryNames: { es: 'España' },
    emergency: {
      name: 'Emergency services',
      action: 'Call 112 if you are in immediate danger.',
      href: 'tel:112',
      answersIn: ['es'],
      // 112, the European emergency number, answers in Spain's languages.
      source: 'https://digital-strategy.ec.europa.eu/en/policies/112',
      in: { es: emergencyEs('112', 'tel:112') },
    },
    lines: [
      {
        name: 'Línea 024',
        action: 'Call 024, free, any time (Spanish).',
        href: 'tel:024',
        answersIn: ['es'],
        source: LINEA_024,
        in: { es: { name: 'Línea 024', action: 'Llama al 024, gratis, a cualquier hora.', href: 'tel:024' } },
      },
      {
        name: 'Teléfono de la Esperanza',
        action: 'Call 717 003 717, any time, to talk (Spanish).',
        href: 'tel:717003717',
        answersIn: ['es'],
        source: TELEFONO_ESPERANZA,
        in: {
          es: {
            name: 'Teléfono de la Esperanza',
            action: 'Llama al 717 003 717 para hablar con alguien, a cualquier hora.',
            href: 'tel:717003717',
          },
        },
      },
    ],
  },
  {
    // Anywhere else: never a wrong country's numbers. 112 reaches emergency services across the EU
    // and from most mobile phones; Find A Helpline lists free lines by country.
    country: 'INTL',
    countryName: 'Another country',
    countryNames: { es: 'Otro país' },
    emergency: {
      name: 'Emergency services',
      action: 'Call your local emergency number. 112 works in many countries and from most mobile phones.',
      href: 'tel:112',
      answersIn: [],
      in: {
        es: {
          name: 'Servicios de emergencia',
          action:
            'Llama al número de emergencias de tu país. El 112 funciona en muchos países y desde casi cualquier celular.',
          href: 'tel:112',
        },
      },
    },
    lines: [
      {
        name: 'Find A Helpline',
        action: 'Find a free, confidential helpline in your country at findahelpline.com.',
        href: 'https://findahelpline.com/',
        answersIn: [],
        source: 'https://findahelpline.com/',
        in: {
          es: {
            name: 'Find A Helpline',
            action:
              'Busca una línea de ayuda gratuita y confidencial de tu país en findahelpline.com (página en inglés).',
            href: 'https://findahelpline.com/',
          },
        },
      },
    ],
  },
];

/** A line in a reader's language: its words there, and whether it answers in it. */
export interface CrisisLineForReader extends CrisisLineWords {
  answersInReadersLanguage: boolean;
}

export interface CrisisResourcesForReader {
  country: string;
  countryName: string;
  emergency: CrisisLineForReader;
  /** Lines that answer in the reader's language first, otherwise in the list's order. */
  lines: CrisisLineForReader[];
}

function wordsFor(line: CrisisLine, locale: string): CrisisLineForReader {
  const words = line.in?.[locale as Locale] ?? line;
  return {
    name: words.name,
    action: words.action,
    ...(words.href && { href: words.href }),
    answersInReadersLanguage: line.answersIn.includes(locale),
  };
}

/**
 * The resources for a country, in the reader's language; for a country Hearth has no list for, the
 * international ones, so nobody is shown another country's emergency number.
 */
export function crisisResourcesFor(
  country: string | null | undefined,
  locale: string = DEFAULT_LOCALE,
): CrisisResourcesForReader {
  const resources = CRISIS_RESOURCES.find((r) => r.country === country?.toUpperCase()) ?? CRISIS_RESOURCES.at(-1)!;
  const lines = resources.lines
    .filter((line) => !line.onlyFor || line.onlyFor.includes(locale as Locale))
    .map((line) => wordsFor(line, locale));
  return {
    country: resources.country,
    countryName: resources.countryNames?.[locale as Locale] ?? resources.countryName,
    emergency: wordsFor(resources.emergency, locale),
    // A stable sort: the reader's own language first, the list's order kept within each.
    lines: [...lines.filter((l) => l.answersInReadersLanguage), ...lines.filter((l) => !l.answersInReadersLanguage)],
  };
}

/** The countries to choose from, named in the reader's language. */
/** The countries Hearth has crisis lines for, and INTL for anywhere else: what a practice may choose. */
export const CRISIS_COUNTRIES = CRISIS_RESOURCES.map((r) => r.country) as [string, ...string[]];

/** The countries a reader may choose among, by name in their language. */
export function crisisCountries(locale: string = DEFAULT_LOCALE): Array<{ country: string; name: string }> {
  return CRISIS_RESOURCES.map((r) => ({
    country: r.country,
    name: r.countryNames?.[locale as Locale] ?? r.countryName,
  }));
}
