import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EIGHT_CS, IfsLimit } from '../../domain/ifs.js';
import type { SelfCheckRatings } from '../api/self-care.js';
import { C_WORDS } from '../features/self-care/ifs-words.js';
import { useIfsMutations } from '../features/self-care/use-ifs.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

/** A Self-energy check-in: each of the 8 Cs from 0 to 10, and a note. Not a validated measure. */
export function SelfCheckPage() {
  return <RequireViewer>{() => <SelfCheck />}</RequireViewer>;
}

function SelfCheck() {
  const t = useT();
  usePageTitle(t('ifs.kind.selfCheck'));
  const navigate = useNavigate();
  const { create } = useIfsMutations();
  const [ratings, setRatings] = useState<SelfCheckRatings>(
    () => Object.fromEntries(EIGHT_CS.map((c) => [c, 5])) as SelfCheckRatings,
  );
  const [note, setNote] = useState('');
  const problems = formProblems(create.error, { note: t('ifs.selfCheck.note') });
  return (
    <>
      <h1>{t('ifs.kind.selfCheck')}</h1>
      <p className="lead">{t('ifs.about.selfCheck')}</p>
      <p className="notice">{t('ifs.selfCheck.notMeasure')}</p>
      {problems && <ProblemSummary title={t('ifs.problemTitle')} message={problems.message} fields={problems.fields} />}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { kind: 'selfCheck', content: { ratings, note } },
            { onSuccess: () => void navigate('/reflect', { state: { notice: t('ifs.selfCheck.saved') } }) },
          );
        }}
      >
        {EIGHT_CS.map((c) => (
          <div key={c} className="field rating-field">
            <label htmlFor={`rating-${c}`}>{t(C_WORDS[c])}</label>
            <span className="hint" id={`rating-${c}-hint`}>
              {t(`ifs.c.${c}.hint`)}
            </span>
            <div className="rating-row">
              <input
                id={`rating-${c}`}
                type="range"
                min={IfsLimit.rating.min}
                max={IfsLimit.rating.max}
                step={1}
                value={ratings[c]}
                aria-describedby={`rating-${c}-hint`}
                aria-valuetext={t('ifs.selfCheck.valueText', { value: ratings[c] })}
                onChange={(e) => setRatings({ ...ratings, [c]: Number(e.target.value) })}
              />
              <output htmlFor={`rating-${c}`}>{ratings[c]}</output>
            </div>
          </div>
        ))}
        <TextArea
          name="note"
          label={t('ifs.selfCheck.note')}
          hint={t('ifs.selfCheck.noteHint')}
          rows={3}
          maxLength={IfsLimit.note}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <p className="muted">{t('ifs.selfCheck.private')}</p>
        <div className="actions">
          <SubmitButton pending={create.isPending}>{t('ifs.selfCheck.save')}</SubmitButton>
          <Link className="button button--quiet" to="/reflect">
            {t('ifs.back')}
          </Link>
        </div>
      </form>
    </>
  );
}
