/**
 * Crisis lines by country (PRODUCT.md §5), as data: what to call, text or open, in the words a
 * frightened person can follow. Reviewed 2026-11; each line names its service so a practice can
 * check it. Peers are never the safety net: these reach trained people.
 */
export interface CrisisLine {
  /** Who answers. */
  name: string;
  /** What to do, as a short instruction. */
  action: string;
  /** A tel:, sms: or https: address, when one fits. */
  href?: string;
}

export interface CrisisResources {
  country: string;
  countryName: string;
  emergency: CrisisLine;
  lines: CrisisLine[];
}

export const CRISIS_RESOURCES: readonly CrisisResources[] = [
  {
    country: 'US',
    countryName: 'United States',
    emergency: { name: 'Emergency services', action: 'Call 911 if you are in immediate danger.', href: 'tel:911' },
    lines: [
      { name: '988 Suicide & Crisis Lifeline', action: 'Call or text 988, any time.', href: 'tel:988' },
      { name: '988 Lifeline chat', action: 'Chat at 988lifeline.org.', href: 'https://988lifeline.org/chat/' },
      { name: 'Crisis Text Line', action: 'Text HOME to 741741.', href: 'sms:741741?body=HOME' },
    ],
  },
  {
    country: 'GB',
    countryName: 'United Kingdom',
    emergency: { name: 'Emergency services', action: 'Call 999 if you are in immediate danger.', href: 'tel:999' },
    lines: [
      { name: 'Samaritans', action: 'Call 116 123, free, any time.', href: 'tel:116123' },
      { name: 'NHS 111', action: 'Call 111 and choose the mental health option.', href: 'tel:111' },
      { name: 'Shout', action: 'Text SHOUT to 85258.', href: 'sms:85258?body=SHOUT' },
    ],
  },
  {
    country: 'CA',
    countryName: 'Canada',
    emergency: { name: 'Emergency services', action: 'Call 911 if you are in immediate danger.', href: 'tel:911' },
    lines: [{ name: '9-8-8 Suicide Crisis Helpline', action: 'Call or text 988, any time.', href: 'tel:988' }],
  },
  {
    country: 'AU',
    countryName: 'Australia',
    emergency: { name: 'Emergency services', action: 'Call 000 if you are in immediate danger.', href: 'tel:000' },
    lines: [
      { name: 'Lifeline', action: 'Call 13 11 14, or text 0477 13 11 14.', href: 'tel:131114' },
      { name: 'Beyond Blue', action: 'Call 1300 22 4636.', href: 'tel:1300224636' },
    ],
  },
  {
    country: 'IE',
    countryName: 'Ireland',
    emergency: {
      name: 'Emergency services',
      action: 'Call 112 or 999 if you are in immediate danger.',
      href: 'tel:112',
    },
    lines: [
      { name: 'Samaritans', action: 'Call 116 123, free, any time.', href: 'tel:116123' },
      { name: 'Text About It', action: 'Text HELLO to 50808.', href: 'sms:50808?body=HELLO' },
    ],
  },
  {
    country: 'ES',
    countryName: 'Spain',
    emergency: { name: 'Emergency services', action: 'Call 112 if you are in immediate danger.', href: 'tel:112' },
    lines: [{ name: 'Línea 024', action: 'Call 024, free, any time (Spanish).', href: 'tel:024' }],
  },
  {
    // Anywhere else: never a wrong country's numbers. 112 reaches emergency services across the EU
    // and from most mobile phones; Find A Helpline lists free lines by country.
    country: 'INTL',
    countryName: 'Another country',
    emergency: {
      name: 'Emergency services',
      action: 'Call your local emergency number. 112 works in many countries and from most mobile phones.',
      href: 'tel:112',
    },
    lines: [
      {
        name: 'Find A Helpline',
        action: 'Find a free, confidential helpline in your country at findahelpline.com.',
        href: 'https://findahelpline.com/',
      },
    ],
  },
];

/**
 * The resources for a country; for a country Hearth has no list for, the international ones, so
 * nobody is shown another country's emergency number.
 */
export function crisisResourcesFor(country: string | null | undefined): CrisisResources {
  return CRISIS_RESOURCES.find((r) => r.country === country?.toUpperCase()) ?? CRISIS_RESOURCES.at(-1)!;
}
