import { useMutation } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { usePageTitle } from '../ui/page-title.js';

/**
 * Where the confirmation mail of a self-referral leads. The link's secret is after '#', so it
 * never reaches a server log; the request is sent by a button, not on opening, so a mail
 * program that opens links to check them does not send it for the person.
 */
export function JoinConfirmPage() {
  usePageTitle('Confirm your request');
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
        <h1>Your request has been sent</h1>
        <div className="notice notice--success" role="status">
          <p>{confirm.data.message}</p>
        </div>
      </>
    );
  }
  if (!token || confirm.isError) {
    return (
      <>
        <h1>This link cannot be used</h1>
        <p>
          {confirm.error instanceof ApiError
            ? confirm.error.message
            : 'The link is incomplete. Open it again from the e-mail.'}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Confirm your request</h1>
      <p className="lead">Thank you for confirming your e-mail address.</p>
      <p>
        When you press the button, your request to join goes to the group&apos;s facilitators. Only they see it. You
        will get an e-mail to set up your Hearth account, and a facilitator will be in touch about a place.
      </p>
      <button className="button" type="button" disabled={confirm.isPending} onClick={() => confirm.mutate()}>
        {confirm.isPending ? 'Sending…' : 'Send my request'}
      </button>
    </>
  );
}
