import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
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

/** The current language's messages; the component re-renders when the language changes. */
export function useT(): Translate {
  const intl = useSyncExternalStore(subscribe, currentIntl);
  return useMemo(
    () =>
      Object.assign((key: MessageKey, values?: MessageValues) => intl.formatMessage({ id: key }, values), {
        rich: (key: MessageKey, values: RichValues) => intl.formatMessage({ id: key }, values as never) as ReactNode,
        locale: intl.locale as Locale,
      }),
    [intl],
  );
}
