import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PRACTICE_VISIBILITIES, PracticeLogLimits, type PracticeVisibility } from '../../domain/skills.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { skillKeys, type MySkills, type PracticeLog } from '../api/skills.js';
import { HeldNotice } from '../features/skills/held-notice.js';
import { VISIBILITY_WORDS } from '../features/skills/visibility.js';
import { useT } from '../i18n/use-t.js';
import { fieldId } from '../ui/field-frame.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

const RATINGS = Array.from({ length: PracticeLogLimits.rating.max + 1 }, (_, i) => i);

/** Logging a practice on a phone in about a minute: what happened, how it went, what was learned, who sees it. */
export function PracticeLogPage() {
  return <RequireViewer roles={['member']}>{() => <LogPractice />}</RequireViewer>;
}

function LogPractice() {
  const t = useT();
  usePageTitle(t('skills.log.title'));
  const [search] = useSearchParams();
  const mine = useQuery({ queryKey: skillKeys.mine, queryFn: () => api<MySkills>('/api/my/skills') });
  const [saved, setSaved] = useState<{ log: PracticeLog; held: boolean } | null>(null);
  if (mine.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (mine.isError) return <p role="alert">{mine.error.message}</p>;
  if (saved) return <Saved saved={saved} onAnother={() => setSaved(null)} />;
  // One choice per skill and group, even when a card was assigned twice.
  const choices = [
    ...new Map(
      mine.data.assignments.map((a) => [
        `${a.groupId}|${a.card.id}`,
        {
          value: `${a.groupId}|${a.card.id}`,
          title: a.card.title,
          group: mine.data.groups.find((g) => g.id === a.groupId)?.name ?? '',
        },
      ]),
    ).values(),
  ];
  const wanted = `${search.get('group') ?? ''}|${search.get('card') ?? ''}`;
  return (
    <>
      <p>
        <Link to="/practice">{t('skills.back')}</Link>
      </p>
      <h1>{t('skills.log.title')}</h1>
      {choices.length === 0 ? (
        <p>{t('skills.practice.nothingAssigned')}</p>
      ) : (
        <LogForm
          choices={choices}
          initial={choices.some((c) => c.value === wanted) ? wanted : choices[0]!.value}
          onSaved={setSaved}
        />
      )}
    </>
  );
}

function LogForm({
  choices,
  initial,
  onSaved,
}: {
  choices: Array<{ value: string; title: string; group: string }>;
  initial: string;
  onSaved: (saved: { log: PracticeLog; held: boolean }) => void;
}) {
  const t = useT();
  const changed = useChanged();
  const [skill, setSkill] = useState(initial);
  const [situation, setSituation] = useState('');
  const [rating, setRating] = useState<number | null>(null);
  const [learned, setLearned] = useState('');
  const [visibility, setVisibility] = useState<PracticeVisibility>('private');
  const save = useMutation({
    mutationFn: () => {
      const [groupId, cardId] = skill.split('|');
      return api<{ log: PracticeLog; held: boolean }>('/api/my/skills/logs', {
        method: 'POST',
        body: { groupId, cardId, situation, rating, learned: learned || undefined, visibility },
      });
    },
    onSuccess: (result) => {
      void changed({ group: result.log.groupId });
      onSaved(result);
    },
  });
  const labels = {
    cardId: t('skills.log.skill'),
    situation: t('skills.log.situation'),
    rating: t('skills.log.rating'),
    learned: t('skills.log.learned'),
    visibility: t('skills.log.visibility'),
  };
  const problems = formProblems(save.error, labels, 'log-');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <>
      <p className="lead">{t('skills.log.lead')}</p>
      {problems && (
        <ProblemSummary title={t('skills.log.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={fieldId('log-cardId')}>{labels.cardId}</label>
          <select id={fieldId('log-cardId')} value={skill} onChange={(e) => setSkill(e.target.value)}>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {t('skills.log.skillChoice', { title: c.title, group: c.group })}
              </option>
            ))}
          </select>
        </div>
        <TextArea
          name="log-situation"
          label={labels.situation}
          hint={t('skills.log.situationHint')}
          value={situation}
          rows={3}
          maxLength={PracticeLogLimits.situation.max}
          onChange={(e) => setSituation(e.target.value)}
          problem={problems?.byField['body.situation']}
        />
        <fieldset className="question" id={fieldId('log-rating')} tabIndex={-1}>
          <legend>{labels.rating}</legend>
          <p className="hint">{t('skills.log.ratingHint')}</p>
          {problems?.byField['body.rating'] && <p className="field-problem">{problems.byField['body.rating']}</p>}
          <div className="rating-scale">
            {RATINGS.map((n) => (
              <label key={n} className="segmented__option">
                <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
                {n}
              </label>
            ))}
          </div>
        </fieldset>
        <TextArea
          name="log-learned"
          label={labels.learned}
          hint={t('skills.log.learnedHint')}
          value={learned}
          rows={3}
          maxLength={PracticeLogLimits.learned.max}
          onChange={(e) => setLearned(e.target.value)}
          problem={problems?.byField['body.learned']}
        />
        <fieldset className="question">
          <legend>{labels.visibility}</legend>
          {PRACTICE_VISIBILITIES.map((v) => (
            <label key={v} className="radio">
              <input
                type="radio"
                name="visibility"
                value={v}
                checked={visibility === v}
                onChange={() => setVisibility(v)}
              />
              {t(VISIBILITY_WORDS[v].choice)}
            </label>
          ))}
          <p className="hint">{t('skills.log.visibilityHint')}</p>
        </fieldset>
        <SubmitButton pending={save.isPending} pendingLabel={t('skills.log.saving')}>
          {t('skills.log.save')}
        </SubmitButton>
      </form>
    </>
  );
}

function Saved({ saved, onAnother }: { saved: { log: PracticeLog; held: boolean }; onAnother: () => void }) {
  const t = useT();
  return (
    <>
      <h1>{t('skills.log.savedTitle')}</h1>
      {saved.held ? (
        <HeldNotice what="entry" />
      ) : (
        <p className="lead" role="status">
          {t('skills.log.savedLead', { visibility: saved.log.visibility })}
        </p>
      )}
      <p>{t('skills.log.changeLater')}</p>
      <div className="button-row">
        <Link className="button" to="/practice">
          {t('skills.back')}
        </Link>
        {saved.log.visibility === 'group' && (
          <Link className="button button--quiet" to={`/practice/groups/${saved.log.groupId}`}>
            {t('skills.log.seeShared')}
          </Link>
        )}
        <button type="button" className="button button--quiet" onClick={onAnother}>
          {t('skills.log.another')}
        </button>
      </div>
    </>
  );
}
