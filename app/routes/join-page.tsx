import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

interface SelfReferralPage {
  groupName: string;
  description: string;
  practiceName: string;
  /** When the server served the page; sent back with the form. */
  openedAt: string;
}

/** The server's quiet check: a form sent at once is looked over and sent again, never dropped. */
const CHECK_AND_SEND_AGAIN = '/problems/check-and-send-again';

/** The public page behind a group's self-referral link: no account needed to ask. */
export function JoinPage() {
  const t = useT();
  const { token = '' } = useParams();
  const page = useQuery({
    queryKey: ['self-referral', token],
    queryFn: () => api<SelfReferralPage>(`/api/self-referral/${token}`),
    retry: false,
  });
  usePageTitle(page.data ? t('join.title', { group: page.data.groupName }) : t('join.titleAnyGroup'));
  const [form, setForm] = useState({ name: '', email: '', website: '' });
  // The form opened when the page first arrived: a refetch (a change of language, a refocused
  // tab) must not restart the quiet check's clock, or a person who took their time is refused.
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  if (page.data && openedAt === null) setOpenedAt(page.data.openedAt);
  const send = useMutation({
    mutationFn: () =>
      api<{ message: string }>(`/api/self-referral/${token}`, {
        method: 'POST',
        body: { ...form, openedAt },
      }),
  });

  if (page.isPending) return <p role="status">{t('join.loading')}</p>;
  if (page.isError) {
    return (
      <>
        <h1>{t('join.notOpen')}</h1>
        <p>{page.error instanceof ApiError ? page.error.message : t('join.checkLink')}</p>
      </>
    );
  }
  if (send.isSuccess) {
    return (
      <>
        <h1>{t('join.checkEmail')}</h1>
        <div className="notice notice--success" role="status">
          <p>{send.data.message}</p>
        </div>
      </>
    );
  }
  // Asked to send again: said calmly above the form, not as a mistake in it.
  const sendAgain = send.error instanceof ApiError && send.error.type === CHECK_AND_SEND_AGAIN;
  const problems = sendAgain ? null : formProblems(send.error, { name: t('join.name'), email: t('join.email') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <>
      <h1>{t('join.title', { group: page.data.groupName })}</h1>
      <p className="lead">{t('join.practice', { practice: page.data.practiceName })}</p>
      <p className="pre-line">{page.data.description}</p>
      <p>{t('join.howItWorks')}</p>
      {sendAgain && (
        <div className="notice" role="status">
          <p>{send.error?.message}</p>
        </div>
      )}
      {problems && <ProblemSummary title={t('join.checkForm')} message={problems.message} fields={problems.fields} />}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('join.name')}
          name="name"
          autoComplete="name"
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          problem={problems?.byField.name}
        />
        <TextField
          label={t('join.email')}
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          problem={problems?.byField.email}
        />
        {/* A field people never see and bots fill in. */}
        <div className="trap" aria-hidden="true">
          <label htmlFor="field-website">{t('join.website')}</label>
          <input
            id="field-website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={form.website}
            onChange={(e) => setForm((f) => ({ ...f, website: e.target.value }))}
          />
        </div>
        <SubmitButton pending={send.isPending} pendingLabel={t('join.sending')}>
          {t('join.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
