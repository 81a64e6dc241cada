import { isLocale } from '../../../domain/locale.js';
import type { Services } from '../../app.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { savePreferences } from './preferences.repository.js';
import { PreferencesBodySchema, PreferencesSchema } from './preferences.schema.js';

/**
 * A person's own language and time zone. The language picks the words of the web app, the
 * server's problems and their e-mails (docs/decisions/0035); the zone is the browser's, sent after
 * sign-in when it changed, so that e-mails about sessions name times where the person is.
 */
export function preferenceRoutes(app: HearthApp, { database }: Services): void {
  app.put(
    '/api/me/preferences',
    {
      // Open before two-step enrolment too: a person setting it up reads it in their language.
      config: { policy: policies.ownSession },
      schema: {
        summary: 'Save your language (null: the practice’s default) and your time zone',
        tags: ['session'],
        body: PreferencesBodySchema,
        response: { 200: PreferencesSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      // Policy: one's own account only; the viewer is that check.
      await savePreferences(database, viewer.userId, request.body);
      const locale = request.body.locale !== undefined ? request.body.locale : viewer.locale;
      return {
        locale: isLocale(locale) ? locale : null,
        timeZone: request.body.timeZone ?? viewer.timeZone,
      };
    },
  );
}
