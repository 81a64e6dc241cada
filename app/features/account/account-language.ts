import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Locale } from '../../../domain/locale.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Viewer } from '../../api/session.js';
import { currentIntl, hasDeviceChoice, setLocale } from '../../i18n/i18n.js';

export interface Preferences {
  locale: Locale | null;
  timeZone: string | null;
}

/** Saves one's own language (null: the practice's default) and/or time zone. */
export function savePreferences(body: { locale?: Locale | null; timeZone?: string }) {
  return api<Preferences>('/api/me/preferences', { method: 'PUT', body });
}

/** The zone this browser is in, or null when it does not say. */
function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/**
 * Brings the app in line with the signed-in person's account, once per change of what the server
 * says: their saved language (else a language chosen on this device, which is then saved to the
 * account; else their practice's),
 * switched in place so no page state is lost; and their browser's time zone, saved when it differs,
 * so e-mails about sessions name the time where they are. Reacts to the server's values only, so a
 * switch in the footer is never undone by a viewer fetched before it was saved.
 */
export function useAccountLanguage(viewer: Viewer | null | undefined): void {
  const changed = useChanged();
  const saveZone = useMutation({
    mutationFn: (timeZone: string) => savePreferences({ timeZone }),
    onSuccess: () => changed('session'),
  });
  const saveLocale = useMutation({
    mutationFn: (locale: Locale) => savePreferences({ locale }),
    // What the server worded before it knew the choice is asked for again.
    onSuccess: () => changed('language'),
  });
  const saved = viewer?.locale;
  const practiceDefault = viewer?.practiceDefaultLocale;
  const signedIn = Boolean(viewer && !viewer.mustEnrolTwoFactor);
  const localeSent = useRef(false);
  const { mutate: keepLocale } = saveLocale;
  useEffect(() => {
    if (!practiceDefault) return;
    // A language chosen on this device before signing in becomes the account's choice, so the
    // server's words (titles, progress, e-mails) follow it too.
    if (!saved && hasDeviceChoice()) {
      if (signedIn && !localeSent.current) {
        localeSent.current = true;
        keepLocale(currentIntl().locale as Locale);
      }
      return;
    }
    const wanted = saved ?? practiceDefault;
    if (wanted !== currentIntl().locale) void setLocale(wanted);
  }, [saved, practiceDefault, signedIn, keepLocale]);

  const zoneSent = useRef(false);
  const savedZone = viewer?.timeZone;
  const { mutate } = saveZone;
  useEffect(() => {
    if (!signedIn || zoneSent.current) return;
    const zone = browserZone();
    if (!zone || zone === savedZone) return;
    zoneSent.current = true;
    mutate(zone);
  }, [signedIn, savedZone, mutate]);
}
