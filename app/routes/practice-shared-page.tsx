import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PracticeFeedbackLimits } from '../../domain/skills.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { skillKeys, type Feedback, type SharedLog } from '../api/skills.js';
import { HeldNotice } from '../features/skills/held-notice.js';
import { SharedEntry } from '../features/skills/shared-entry.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

/** What a group's members shared of their practice, and a kind, structured way to answer it. */
export function PracticeSharedPage() {
  return <RequireViewer roles={['member']}>{() => <Shared />}</RequireViewer>;
}

function Shared() {
  const t = useT();
  const { groupId = '' } = useParams();
  const shared = useQuery({
    queryKey: skillKeys.shared(groupId),
    queryFn: () =>
      api<{ group: { id: string; name: string }; entries: SharedLog[] }>(`/api/my/groups/${groupId}/skills/shared`),
  });
  usePageTitle(shared.data ? t('skills.shared.titleOf', { group: shared.data.group.name }) : t('skills.shared.title'));
  if (shared.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (shared.isError)
    return (
      <>
        <h1>{t('skills.shared.title')}</h1>
        <p>
          {shared.error instanceof ApiError && shared.error.status < 500
            ? shared.error.message
            : t('skills.shared.loadFailed')}
        </p>
        <p>
          <Link to="/practice">{t('skills.back')}</Link>
        </p>
      </>
    );
  const { group, entries } = shared.data;
  return (
    <>
      <p>
        <Link to="/practice">{t('skills.back')}</Link>
      </p>
      <h1>{t('skills.shared.titleOf', { group: group.name })}</h1>
      <p className="lead">{t('skills.shared.lead')}</p>
      {entries.length === 0 ? (
        <p>{t('skills.shared.none')}</p>
      ) : (
        <ul className="list list--stacked">
          {entries
            .slice()
            .reverse()
            .map((entry) => (
              <SharedEntry key={entry.id} entry={entry}>
                {!entry.mine && <FeedbackForm entry={entry} given={entry.feedback.some((f) => f.mine)} />}
              </SharedEntry>
            ))}
        </ul>
      )}
    </>
  );
}

/** Feedback on one entry; once given, the form goes (or, when held, what happens next stays). */
function FeedbackForm({ entry, given }: { entry: SharedLog; given: boolean }) {
  const t = useT();
  const changed = useChanged();
  const [worked, setWorked] = useState('');
  const [tryNext, setTryNext] = useState('');
  const [held, setHeld] = useState(false);
  const give = useMutation({
    mutationFn: () =>
      api<Feedback>(`/api/my/skills/logs/${entry.id}/feedback`, {
        method: 'POST',
        body: { worked: worked || undefined, tryNext: tryNext || undefined },
      }),
    onSuccess: (given) => {
      if (given.held) setHeld(true);
      void changed({ group: entry.groupId });
    },
  });
  const prefix = `feedback-${entry.id}-`;
  const labels = { worked: t('skills.feedback.worked'), tryNext: t('skills.feedback.tryNext') };
  const problems = formProblems(give.error, labels, prefix);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    give.mutate();
  };
  if (held) return <HeldNotice what="feedback" />;
  if (given) return null;
  return (
    <details className="subsection">
      <summary>{t('skills.feedback.open', { name: entry.author })}</summary>
      <p className="hint">{t('skills.feedback.lead', { name: entry.author })}</p>
      {problems && (
        <ProblemSummary title={t('skills.feedback.notSent')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextArea
          name={`${prefix}worked`}
          label={labels.worked}
          hint={t('skills.feedback.workedHint')}
          rows={2}
          value={worked}
          maxLength={PracticeFeedbackLimits.part.max}
          onChange={(e) => setWorked(e.target.value)}
          problem={problems?.byField['body.worked']}
        />
        <TextArea
          name={`${prefix}tryNext`}
          label={labels.tryNext}
          hint={t('skills.feedback.tryNextHint')}
          rows={2}
          value={tryNext}
          maxLength={PracticeFeedbackLimits.part.max}
          onChange={(e) => setTryNext(e.target.value)}
          problem={problems?.byField['body.tryNext']}
        />
        <SubmitButton pending={give.isPending} pendingLabel={t('skills.feedback.sending')}>
          {t('skills.feedback.send')}
        </SubmitButton>
      </form>
    </details>
  );
}
