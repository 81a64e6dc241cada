import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { PasswordLimit } from '../../domain/limits.js';
import { roleInSentence, type Role } from '../../domain/roles.js';
import { api, ApiError } from '../api/client.js';
import { queryKeys, type SignInResult } from '../api/session.js';
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
  usePageTitle('Your invitation');
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
          state: { notice: `You have joined ${details.data?.practiceName}. Sign in to continue.` },
        });
        return;
      }
      queryClient.setQueryData(queryKeys.session, result.viewer);
      void navigate(result.viewer.mustEnrolTwoFactor ? '/security/two-step' : '/', { replace: true });
    },
  });

  if (!token || details.isError) {
    const message =
      details.error instanceof ApiError
        ? details.error.message
        : 'This invitation link is not valid. Check that you copied all of it.';
    return (
      <>
        <h1>This invitation cannot be used</h1>
        <p>{token ? message : 'The link is incomplete. Open it again from the e-mail.'}</p>
        <p>
          <Link to="/sign-in">Go to sign in</Link>
        </p>
      </>
    );
  }
  if (details.isPending) return <p role="status">Checking your invitation…</p>;

  const invitation = details.data;
  const passwordLabel = form.hasAccount ? 'Your Hearth password' : 'Choose a password';
  const problems = formProblems(accept.error, { name: 'Your name', password: passwordLabel });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  return (
    <>
      <h1>Join {invitation.practiceName}</h1>
      <p className="lead">
        You are invited as {roleInSentence(invitation.role)}, with the e-mail address {invitation.email}.
      </p>
      {problems && <ProblemSummary title="Please check the form" message={problems.message} fields={problems.fields} />}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="checkbox">
          <input
            id="has-account"
            type="checkbox"
            checked={form.hasAccount}
            onChange={(e) => setForm((f) => ({ ...f, hasAccount: e.target.checked, password: '' }))}
          />
          <label htmlFor="has-account">I already use Hearth, with another practice</label>
        </div>
        {!form.hasAccount && (
          <TextField
            label="Your name"
            hint="As you would like your practice to see it."
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
              ? 'Enter the password you use now. This practice is then added to your account.'
              : `At least ${PasswordLimit.min} characters. A few unrelated words work well.`
          }
          name="password"
          type="password"
          autoComplete={form.hasAccount ? 'current-password' : 'new-password'}
          required
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          problem={problems?.byField.password}
        />
        <SubmitButton pending={accept.isPending} pendingLabel="Joining…">
          {`Join ${invitation.practiceName}`}
        </SubmitButton>
      </form>
    </>
  );
}
