import { Children, createElement, Fragment, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '../../domain/locale.js';
import { currentIntl, subscribe, type MessageKey, type MessageValues } from './i18n.js';

/** Values for a message with tags: `{ link: (chunks) => <Link to="/help">{chunks}</Link> }`. */
export type RichValues = Record<string, string | number | Date | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

export interface Translate {
  /** A message as plain text: for text, labels, titles and aria-labels. */
  (key: MessageKey, values?: MessageValues): string;
  /** A message with tags (`<link>…</link>`, `<strong>…</strong>`) turned into elements. */
  rich(key: MessageKey, values: RichValues): ReactNode;
  locale: Locale;
}

/**
 * A tag's function receives its parts with keys, and a message made of several parts becomes one
 * fragment, so that React never warns of a list without keys (as react-intl does).
 */
function richValues(values: RichValues): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'function' ? (chunks: ReactNode[]) => value(Children.toArray(chunks)) : value,
    ]),
  );
}

/** The current language's messages; the component re-renders when the language changes. */
export function useT(): Translate {
  const messages = useSyncExternalStore(subscribe, currentIntl);
  return useMemo(
    () =>
      Object.assign((key: MessageKey, values?: MessageValues) => String(messages.format(key, values)), {
        rich: (key: MessageKey, values: RichValues): ReactNode => {
          const result = messages.format<ReactNode>(key, richValues(values));
          return Array.isArray(result) ? createElement(Fragment, null, ...result) : result;
        },
        locale: messages.locale,
      }),
    [messages],
  );
}
