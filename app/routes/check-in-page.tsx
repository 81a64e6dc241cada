import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { measureKeys, type FormDetail, type FormResult } from '../api/measures.js';
import { NotInYourLanguage, useQuestionnaire } from '../features/measures/questionnaire-language.js';
import { CrisisLines } from '../ui/crisis-lines.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

/** One check-in, on a phone in about a minute; answers are saved as the member goes. */
export function CheckInPage() {
  return <RequireViewer>{() => <CheckIn />}</RequireViewer>;
}

function CheckIn() {
  const { formId = '' } = useParams();
  const detail = useQuery({
    queryKey: measureKeys.form(formId),
    queryFn: () => api<FormDetail>(`/api/my/measures/${formId}`),
  });
  usePageTitle(detail.data ? detail.data.form.title : 'Check-in');
  if (detail.isPending) return <p role="status">Loading…</p>;
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1>{missing ? 'We could not find that check-in' : 'The check-in could not be loaded'}</h1>
        <p>
          <Link to="/check-ins">Back to your check-ins</Link>
        </p>
      </>
    );
  }
  return detail.data.result ? <Result result={detail.data.result} /> : <Questions detail={detail.data} />;
}

function Questions({ detail }: { detail: FormDetail }) {
  const changed = useChanged();
  // The questions in the reader's language where the questionnaire has it; the form records which.
  const shown = useQuestionnaire(detail.instrument);
  const [answers, setAnswers] = useState<Record<string, number>>(detail.answers);
  const [result, setResult] = useState<FormResult | null>(null);
  // A safety answer saved earlier raised its alert then: the facilitator has been told already.
  const [safetySeen, setSafetySeen] = useState(() =>
    detail.instrument.items.some((i) => i.safety && (detail.answers[i.id] ?? 0) > 0),
  );
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const save = useMutation({
    mutationFn: (next: Record<string, number>) =>
      api<{ saved: boolean; safety: boolean }>(`/api/my/measures/${detail.form.id}/answers`, {
        method: 'PUT',
        body: { answers: next, language: shown.language },
      }),
    onSuccess: (saved) => {
      // The form is now in progress; a safety answer has reached the facilitators already.
      void changed(saved.safety ? { group: detail.form.groupId } : 'mine');
      if (saved.safety) setSafetySeen(true);
    },
  });
  const send = useMutation({
    mutationFn: () =>
      api<FormResult>(`/api/my/measures/${detail.form.id}/submission`, {
        method: 'POST',
        body: { answers, language: shown.language },
      }),
    onSuccess: (sent) => {
      setResult(sent);
      void changed({ group: detail.form.groupId });
    },
  });
  if (result) return <Result result={result} />;
  const { instrument } = detail;
  const answered = Object.keys(answers).length;
  const choose = (itemId: string, value: number) => {
    const next = { ...answers, [itemId]: value };
    setAnswers(next);
    // Saved as they go, so stopping halfway loses nothing.
    saving.current = save.mutateAsync(next).catch(() => undefined);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <>
      <p>
        <Link to="/check-ins">Back to your check-ins</Link>
      </p>
      <h1>{shown.title}</h1>
      <p className="lead">
        {detail.form.groupName}. Only your facilitators see your answers. Your answers are saved as you go, so you can
        stop and come back.
      </p>
      {!instrument.validated && <p className="muted">{shown.name}.</p>}
      <NotInYourLanguage shown={shown} validated={instrument.validated} />
      {send.error && <ProblemSummary title="Your answers were not sent" message={send.error.message} />}
      <form className="form form--wide" onSubmit={onSubmit} noValidate>
        <p lang={shown.language}>
          <strong>{shown.stem}</strong>
        </p>
        {shown.items.map((item, n) => (
          <Fragment key={item.id}>
            <fieldset className="question">
              <legend>
                <span className="visually-hidden">
                  Question {n + 1} of {instrument.items.length}:{' '}
                </span>
                <span lang={shown.language}>{item.text}</span>
              </legend>
              {item.options.map((option) => (
                <label key={option.value} className="radio" lang={shown.language}>
                  <input
                    type="radio"
                    name={`q-${item.id}`}
                    value={option.value}
                    checked={answers[item.id] === option.value}
                    onChange={() => choose(item.id, option.value)}
                  />
                  {option.label}
                </label>
              ))}
            </fieldset>
            {/* Right where the member answered, not out of sight at the top of the page, and at once:
                the crisis lines do not wait for the answer to be saved or the form to be sent. */}
            {item.safety && (answers[item.id] ?? 0) > 0 && (
              <SafetyNote told={safetySeen} saving={save.isPending} failed={save.isError} />
            )}
          </Fragment>
        ))}
        <p className="muted" role="status">
          {answered} of {instrument.items.length} answered
          {save.isPending ? ' · saving…' : save.isSuccess ? ' · saved' : ''}
        </p>
        {answered < instrument.items.length && (
          <p className="hint">You can send it with questions left out; your facilitator will see which.</p>
        )}
        <SubmitButton pending={send.isPending} disabled={answered === 0} pendingLabel="Sending…">
          Send to my facilitator
        </SubmitButton>
      </form>
    </>
  );
}

/**
 * Shown the moment a member answers the safety question above "Not at all": the crisis lines
 * themselves, and only what is true about their facilitator (told once the answer is saved).
 */
function SafetyNote({ told, saving, failed }: { told: boolean; saving: boolean; failed: boolean }) {
  return (
    <section className="card card--attention" aria-labelledby="safety-heading">
      <h2 id="safety-heading">Thank you for telling us</h2>
      <p role="status">
        {told
          ? 'Your facilitator has been told, and someone will be in touch with you.'
          : failed && !saving
            ? 'We could not reach your facilitator just now. Please send your answers when you can, and call or text someone below if you need to talk now.'
            : 'We are letting your facilitator know.'}
      </p>
      <p>You do not have to wait: the people below are there for you right now, day and night.</p>
      <CrisisLines headingLevel={3} />
    </section>
  );
}

function Result({ result }: { result: FormResult }) {
  return (
    <>
      <h1>Thank you</h1>
      {result.safetyFlag ? (
        <>
          <p className="lead">
            You told us you have had thoughts of being better off dead or of hurting yourself. Thank you for telling us.
            Your facilitator has been told, and someone will be in touch with you.
          </p>
          <p>If you need to talk to someone now, these services are free, confidential and open day and night.</p>
          <CrisisLines />
        </>
      ) : (
        <p className="lead">Your answers are with your facilitator.</p>
      )}
      {!result.complete && (
        <p>Some questions were left out. That is fine; your facilitator will see which, and may ask you about them.</p>
      )}
      {result.next.length > 0 && (
        <p>
          Your facilitator would like a few more questions from you: {result.next.join(' and ')}. They are waiting on
          your check-ins page, for whenever you are ready.
        </p>
      )}
      <p>
        <Link to="/check-ins">Back to your check-ins</Link>
      </p>
    </>
  );
}
