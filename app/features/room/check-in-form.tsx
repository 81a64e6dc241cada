import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/use-t.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** What a person brings to the check-in round. */
export interface CheckInAnswer {
  mood: number;
  word: string;
  part: string | null;
  share: 'group' | 'facilitators';
}

const MOODS = Array.from({ length: 11 }, (_, n) => n);

/**
 * The check-in: mood 0–10, one word, and, if they like, "a part of me that is here". Before they
 * share, the form says who will see it, and the choice of group or only facilitators is theirs.
 * Facilitators use the same form to enter a check-in for someone in the room with them.
 */
export function CheckInForm({
  pending,
  onSubmit,
  submitLabel,
  idPrefix,
}: {
  pending: boolean;
  onSubmit(answer: CheckInAnswer): void;
  submitLabel?: string;
  idPrefix?: string;
}) {
  const t = useT();
  const generated = useId();
  const id = idPrefix ?? generated;
  const [mood, setMood] = useState<number | null>(null);
  const [word, setWord] = useState('');
  const [part, setPart] = useState('');
  const [shareWith, setShareWith] = useState<CheckInAnswer['share']>('group');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mood === null || !word.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    onSubmit({ mood, word: word.trim(), part: part.trim() || null, share: shareWith });
  };
  return (
    <form className="form room-form" onSubmit={submit} noValidate>
      <fieldset className="question">
        <legend>{t('room.checkIn.mood')}</legend>
        <p className="hint" id={`${id}-mood-hint`}>
          {t('room.checkIn.moodHint')}
        </p>
        <div className="mood-scale" aria-describedby={`${id}-mood-hint`}>
          {MOODS.map((n) => (
            <label key={n} className="mood-scale__option">
              <input type="radio" name={`${id}-mood`} value={n} checked={mood === n} onChange={() => setMood(n)} />
              <span>{n}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-word`}>{t('room.checkIn.word')}</label>
        <input
          id={`${id}-word`}
          value={word}
          maxLength={40}
          autoComplete="off"
          aria-invalid={missing && !word.trim() ? true : undefined}
          onChange={(e) => setWord(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-part`}>{t('room.checkIn.part')}</label>
        <p className="hint" id={`${id}-part-hint`}>
          {t('room.checkIn.partHint')}
        </p>
        <input
          id={`${id}-part`}
          value={part}
          maxLength={200}
          autoComplete="off"
          aria-describedby={`${id}-part-hint`}
          onChange={(e) => setPart(e.target.value)}
        />
      </div>
      <fieldset className="field">
        <legend>{t('room.checkIn.whoSees')}</legend>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-share`}
            checked={shareWith === 'group'}
            onChange={() => setShareWith('group')}
          />
          {t('room.checkIn.shareGroup')}
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-share`}
            checked={shareWith === 'facilitators'}
            onChange={() => setShareWith('facilitators')}
          />
          {t('room.checkIn.shareFacilitators')}
        </label>
      </fieldset>
      {missing && (
        <p className="field-problem" role="alert">
          {t('room.checkIn.missing')}
        </p>
      )}
      <SubmitButton pending={pending} pendingLabel={t('room.sending')}>
        {submitLabel ?? t('room.checkIn.send')}
      </SubmitButton>
    </form>
  );
}
