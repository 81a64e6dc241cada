import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { PasswordLimit } from '../../domain/limits.js';
import type { Role } from '../../domain/roles.js';
import { api, ApiError } from '../api/client.js';
import { queryKeys, type SignInResult } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

interface InvitationDetails {
  practiceName: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * Accept an invitation: the link's secret is after '#', so it never reaches a server log. The
 * server never says whether the address already has an account (whoever holds a link would learn
 * it); the person says so themself, which only changes the words and fields shown here.
 */
export function InvitationPage() {
  const t = useT();
  usePageTitle(t('invitation.title'));
  const token = useLocation().hash.replace(/^#/, '');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const details = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api<InvitationDetails>('/api/invitations/lookup', { method: 'POST', body: { token } }),
    enabled: token.length > 0,
    retry: false,
  });
  const [form, setForm] = useState<{ name?: string; password: string; hasAccount: boolean }>({
    password: '',
    hasAccount: false,
  });
  const accept = useMutation({
    mutationFn: () =>
      api<SignInResult>('/api/invitations/accept', {
        method: 'POST',
        body: {
          token,
          password: form.password,
          ...(form.hasAccount ? {} : { name: form.name ?? details.data?.name }),
        },
      }),
    onSuccess: (result) => {
      if (result.status === 'second-factor-needed') {
        void navigate('/sign-in', {
          replace: true,
          state: { notice: t('invitation.joinedSignIn', { practice: details.data?.practiceName ?? '' }) },
        });
        return;
      }
      queryClient.setQueryData(queryKeys.session, result.viewer);
      void navigate(result.viewer.mustEnrolTwoFactor ? '/security/two-step' : '/', { replace: true });
    },
  });

  if (!token || details.isError) {
    const message = details.error instanceof ApiError ? details.error.message : t('invitation.notValid');
    return (
      <>
        <h1>{t('invitation.cannotUse')}</h1>
        <p>{token ? message : t('invitation.incomplete')}</p>
        <p>
          <Link to="/sign-in">{t('invitation.goToSignIn')}</Link>
        </p>
      </>
    );
  }
  if (details.isPending) return <p role="status">{t('invitation.checking')}</p>;

  const invitation = details.data;
  const passwordLabel = t(form.hasAccount ? 'invitation.currentPassword' : 'invitation.newPassword');
  const problems = formProblems(accept.error, { name: t('invitation.name'), password: passwordLabel });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  return (
    <>
      <h1>{t('invitation.join', { practice: invitation.practiceName })}</h1>
      <p className="lead">{t('invitation.invitedAs', { role: invitation.role, email: invitation.email })}</p>
      {problems && (
        <ProblemSummary title={t('invitation.checkForm')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="checkbox">
          <input
            id="has-account"
            type="checkbox"
            checked={form.hasAccount}
            onChange={(e) => setForm((f) => ({ ...f, hasAccount: e.target.checked, password: '' }))}
          />
          <label htmlFor="has-account">{t('invitation.hasAccount')}</label>
        </div>
        {!form.hasAccount && (
          <TextField
            label={t('invitation.name')}
            hint={t('invitation.nameHint')}
            name="name"
            autoComplete="name"
            required
            value={form.name ?? invitation.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            problem={problems?.byField.name}
          />
        )}
        <TextField
          label={passwordLabel}
          hint={
            form.hasAccount
              ? t('invitation.currentPasswordHint')
              : t('invitation.newPasswordHint', { min: PasswordLimit.min })
          }
          name="password"
          type="password"
          autoComplete={form.hasAccount ? 'current-password' : 'new-password'}
          required
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          problem={problems?.byField.password}
        />
        <SubmitButton pending={accept.isPending} pendingLabel={t('invitation.joining')}>
          {t('invitation.join', { practice: invitation.practiceName })}
        </SubmitButton>
      </form>
    </>
  );
}
