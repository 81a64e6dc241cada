import { useState, type FormEvent } from 'react';
import { readIn, SESSION_CHECKOUT } from '../../../domain/instruments.js';
import { useT } from '../../i18n/use-t.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';

/**
 * Hearth's check-out scale (domain/instruments.ts), answered in the room as the session ends. Every
 * question may be left out; the form says that only facilitators see the answers.
 */
export function CheckOutForm({
  pending,
  error,
  onSubmit,
}: {
  pending: boolean;
  error: string | null;
  onSubmit(answers: Record<string, number>): void;
}) {
  const t = useT();
  const shown = readIn(SESSION_CHECKOUT, t.locale);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(answers);
  };
  return (
    <form className="form room-form" onSubmit={submit} noValidate>
      <p className="hint">{t('room.checkOut.whoSees')}</p>
      <p lang={shown.language}>
        <strong>{shown.stem}</strong>
      </p>
      {error && <ProblemSummary title={t('room.checkOut.notSent')} message={error} />}
      {shown.items.map((item) => (
        <fieldset key={item.id} className="question">
          <legend lang={shown.language}>{item.text}</legend>
          <div className="mood-scale">
            {item.options.map((option) => (
              <label key={option.value} className="mood-scale__option" lang={shown.language}>
                <input
                  type="radio"
                  name={`checkout-${item.id}`}
                  value={option.value}
                  checked={answers[item.id] === option.value}
                  onChange={() => setAnswers({ ...answers, [item.id]: option.value })}
                />
                <span>{option.value}</span>
                {option.label !== String(option.value) && (
                  <span className="visually-hidden">{option.label.replace(/^\d+\s*–\s*/, '')}</span>
                )}
              </label>
            ))}
          </div>
          <p className="hint mood-scale__ends" aria-hidden="true">
            <span>{item.options[0]?.label}</span>
            <span>{item.options.at(-1)?.label}</span>
          </p>
        </fieldset>
      ))}
      <SubmitButton pending={pending} disabled={Object.keys(answers).length === 0} pendingLabel={t('room.sending')}>
        {t('room.checkOut.send')}
      </SubmitButton>
    </form>
  );
}
