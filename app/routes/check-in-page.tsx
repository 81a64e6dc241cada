import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { measureKeys, type FormDetail, type FormResult } from '../api/measures.js';
import { useT } from '../i18n/use-t.js';
import { NotInYourLanguage, useQuestionnaire } from '../features/measures/questionnaire-language.js';
import { CrisisLines } from '../ui/crisis-lines.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

/** One check-in, on a phone in about a minute; answers are saved as the member goes. */
export function CheckInPage() {
  return <RequireViewer>{() => <CheckIn />}</RequireViewer>;
}

function CheckIn() {
  const t = useT();
  const { formId = '' } = useParams();
  const detail = useQuery({
    queryKey: measureKeys.form(formId),
    queryFn: () => api<FormDetail>(`/api/my/measures/${formId}`),
  });
  usePageTitle(detail.data ? detail.data.form.title : t('checkIn.title'));
  if (detail.isPending) return <p role="status">{t('checkIn.loading')}</p>;
  if (detail.isError) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1>{t(missing ? 'checkIn.notFound' : 'checkIn.loadFailed')}</h1>
        <p>
          <Link to="/check-ins">{t('checkIn.back')}</Link>
        </p>
      </>
    );
  }
  return detail.data.result ? <Result result={detail.data.result} /> : <Questions detail={detail.data} />;
}

function Questions({ detail }: { detail: FormDetail }) {
  const t = useT();
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
        <Link to="/check-ins">{t('checkIn.back')}</Link>
      </p>
      <h1>{shown.title}</h1>
      <p className="lead">{t('checkIn.lead', { group: detail.form.groupName })}</p>
      {!instrument.validated && <p className="muted">{shown.name}.</p>}
      <NotInYourLanguage shown={shown} validated={instrument.validated} />
      {send.error && <ProblemSummary title={t('checkIn.notSent')} message={send.error.message} />}
      <form className="form form--wide" onSubmit={onSubmit} noValidate>
        <p lang={shown.language}>
          <strong>{shown.stem}</strong>
        </p>
        {shown.items.map((item, n) => (
          <Fragment key={item.id}>
            <fieldset className="question">
              <legend>
                <span className="visually-hidden">
                  {t('checkIn.questionOf', { number: n + 1, count: instrument.items.length })}{' '}
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
          {t('checkIn.answered', {
            answered,
            count: instrument.items.length,
            saving: save.isPending ? 'saving' : save.isSuccess ? 'saved' : 'idle',
          })}
        </p>
        {answered < instrument.items.length && <p className="hint">{t('checkIn.leftOutHint')}</p>}
        <SubmitButton pending={send.isPending} disabled={answered === 0} pendingLabel={t('checkIn.sending')}>
          {t('checkIn.send')}
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
  const t = useT();
  return (
    <section className="card card--attention" aria-labelledby="safety-heading">
      <h2 id="safety-heading">{t('checkIn.safety.heading')}</h2>
      <p role="status">
        {t(told ? 'checkIn.safety.told' : failed && !saving ? 'checkIn.safety.notReached' : 'checkIn.safety.telling')}
      </p>
      <p>{t('checkIn.safety.noNeedToWait')}</p>
      <CrisisLines headingLevel={3} />
    </section>
  );
}

function Result({ result }: { result: FormResult }) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t('checkIn.result.heading')}</h1>
      {result.safetyFlag ? (
        <>
          <p className="lead">{t('checkIn.result.safety')}</p>
          <p>{t('checkIn.result.talkNow')}</p>
          <CrisisLines />
        </>
      ) : (
        <p className="lead">{t('checkIn.result.sent')}</p>
      )}
      {!result.complete && <p>{t('checkIn.result.leftOut')}</p>}
      {result.next.length > 0 && <p>{t('checkIn.result.next', { forms: format.list(result.next) })}</p>}
      <p>
        <Link to="/check-ins">{t('checkIn.back')}</Link>
      </p>
    </>
  );
}
