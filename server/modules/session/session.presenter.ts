import { DEFAULT_LOCALE, isLocale } from '../../../domain/locale.js';
import { crisisResourcesFor } from '../../../domain/crisis-resources.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ViewerResponse } from './session.schema.js';

/** The signed-in person as they see themselves: their own contact details and their practices. */
export function presentViewer(viewer: Viewer): ViewerResponse {
  return {
    user: { id: viewer.userId, name: viewer.name, email: viewer.email, twoFactorEnabled: viewer.twoFactorEnabled },
    practice: { id: viewer.practiceId, name: viewer.practiceName, role: viewer.role },
    practices: viewer.practices,
    mustEnrolTwoFactor: viewer.mustEnrolTwoFactor,
    // The saved choice as saved, or null when it names no language Hearth speaks (any more).
    locale: isLocale(viewer.locale) ? viewer.locale : null,
    practiceDefaultLocale: isLocale(viewer.practiceDefaultLocale) ? viewer.practiceDefaultLocale : DEFAULT_LOCALE,
    practiceCountry: crisisResourcesFor(viewer.practiceCountry).country,
    timeZone: viewer.timeZone,
  };
}
