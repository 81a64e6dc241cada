import { useMutation } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';

/**
 * Where the confirmation mail of a self-referral leads. The link's secret is after '#', so it
 * never reaches a server log; the request is sent by a button, not on opening, so a mail
 * program that opens links to check them does not send it for the person.
 */
export function JoinConfirmPage() {
  const t = useT();
  usePageTitle(t('joinConfirm.title'));
  const token = useLocation().hash.replace(/^#/, '');
  const confirm = useMutation({
    mutationFn: () =>
      api<{ message: string; groupName: string }>('/api/self-referral-confirmations', {
        method: 'POST',
        body: { token },
      }),
  });

  if (confirm.isSuccess) {
    return (
      <>
        <h1>{t('joinConfirm.sent')}</h1>
        <div className="notice notice--success" role="status">
          <p>{confirm.data.message}</p>
        </div>
      </>
    );
  }
  if (!token || confirm.isError) {
    return (
      <>
        <h1>{t('joinConfirm.cannotUse')}</h1>
        <p>{confirm.error instanceof ApiError ? confirm.error.message : t('joinConfirm.incomplete')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t('joinConfirm.title')}</h1>
      <p className="lead">{t('joinConfirm.thanks')}</p>
      <p>{t('joinConfirm.whatHappens')}</p>
      <button className="button" type="button" disabled={confirm.isPending} onClick={() => confirm.mutate()}>
        {t(confirm.isPending ? 'joinConfirm.sending' : 'joinConfirm.send')}
      </button>
    </>
  );
}
