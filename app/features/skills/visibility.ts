import type { PracticeVisibility } from '../../../domain/skills.js';
import type { MessageKey } from '../../i18n/i18n.js';

/** Who sees a practice log, in words: a short tag, a choice with who will see it, and a button. */
export const VISIBILITY_WORDS: Record<
  PracticeVisibility,
  { short: MessageKey; choice: MessageKey; action: MessageKey }
> = {
  private: {
    short: 'skills.visibility.private',
    choice: 'skills.visibility.privateChoice',
    action: 'skills.visibility.makePrivate',
  },
  facilitators: {
    short: 'skills.visibility.facilitators',
    choice: 'skills.visibility.facilitatorsChoice',
    action: 'skills.visibility.showFacilitators',
  },
  group: {
    short: 'skills.visibility.group',
    choice: 'skills.visibility.groupChoice',
    action: 'skills.visibility.shareGroup',
  },
};
