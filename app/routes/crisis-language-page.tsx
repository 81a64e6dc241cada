import { useQuery } from '@tanstack/react-query';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { lexiconKeys, type Lexicon } from '../api/lexicon.js';
import { OwnRules } from '../features/lexicon/own-rules.js';
import { ShippedRules } from '../features/lexicon/shipped-rules.js';
import { TestBox } from '../features/lexicon/test-box.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * The words and phrases posts and chat are screened for (docs/crisis-screening.md): a test box,
 * the practice's own rules, and Hearth's shipped rules, read-only. Owners and admins edit the
 * practice's rules; clinicians, who get the alerts, read them and test samples.
 */
export function CrisisLanguagePage() {
  const t = useT();
  usePageTitle(t('lexicon.title'));
  return (
    <RequireViewer roles={GROUP_LEAD_ROLES}>
      {() => (
        <>
          <h1>{t('lexicon.title')}</h1>
          <p className="lead">{t('lexicon.lead')}</p>
          <p>{t('lexicon.levels')}</p>
          <LexiconSections />
        </>
      )}
    </RequireViewer>
  );
}

function LexiconSections() {
  const t = useT();
  const lexicon = useQuery({ queryKey: lexiconKeys.lexicon, queryFn: () => api<Lexicon>('/api/lexicon') });
  if (lexicon.isError) return <p role="alert">{t('lexicon.unreachable')}</p>;
  if (!lexicon.data) return <p role="status">{t('lexicon.loading')}</p>;
  return (
    <>
      <TestBox />
      <OwnRules rules={lexicon.data.own} canEdit={lexicon.data.canEdit} />
      <ShippedRules lexicon={lexicon.data} />
    </>
  );
}
