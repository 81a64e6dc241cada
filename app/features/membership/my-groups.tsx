import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DisplayNameLimit } from '../../../domain/membership.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { membershipKeys, type MyGroup } from '../../api/membership.js';
import { labelKey } from '../../i18n/labels.js';
import { shownName } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { useFormat } from '../../ui/format.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { ScreeningLimits } from '../../../domain/screening.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { SpaceLink } from '../space/space-link.js';

/**
 * The groups a person belongs to or has been suggested, in words for a member. On a staff home
 * (`onlyWhenAny`) it shows only when the person has been referred into a group themselves.
 */
export function MyGroups({ heading, onlyWhenAny = false }: { heading?: string; onlyWhenAny?: boolean }) {
  const t = useT();
  const title = heading ?? t('myGroups.heading');
  const groups = useQuery({
    queryKey: membershipKeys.mine,
    queryFn: () => api<{ groups: MyGroup[] }>('/api/my/groups'),
  });
  if (onlyWhenAny && !groups.data?.groups.length) return null;
  if (groups.isPending) return <p role="status">{t('myGroups.loading')}</p>;
  if (groups.isError) return <p role="alert">{t('myGroups.failed')}</p>;
  if (groups.data.groups.length === 0) {
    return (
      <section aria-labelledby="my-groups-heading">
        <h2 id="my-groups-heading">{title}</h2>
        <p>{t('myGroups.none')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="my-groups-heading">
      <h2 id="my-groups-heading">{title}</h2>
      <ul className="list list--cards">
        {groups.data.groups.map((g) => (
          <li key={g.group.id} className="card">
            <MyGroupCard mine={g} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function MyGroupCard({ mine }: { mine: MyGroup }) {
  const t = useT();
  const format = useFormat();
  const { group } = mine;
  const headingId = `group-${group.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h3 className="card__title" id={headingId}>
        {group.name}
      </h3>
      {mine.status === 'referred' && (
        <p>{t(mine.screening && !mine.screening.answered ? 'myGroups.suggestedAnswer' : 'myGroups.suggested')}</p>
      )}
      {mine.status === 'waitlisted' && <p>{t('myGroups.waitlisted')}</p>}
      {(mine.status === 'completed' || mine.status === 'left' || mine.status === 'removed') && (
        <p>{t('myGroups.ended')}</p>
      )}
      {mine.offerLapsed && <p>{t('myGroups.offerLapsed')}</p>}
      {mine.offerExpiresAt && !mine.offerLapsed && (
        <p>
          {t.rich('myGroups.offer', {
            until: format.instant(mine.offerExpiresAt),
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
      )}
      <p className="pre-line">{group.description}</p>
      <dl className="details">
        <dt>{t('myGroups.meets')}</dt>
        <dd>
          {group.place
            ? t('myGroups.meetsAt', { mode: t(labelKey('meetingMode', group.meetingMode)), place: group.place })
            : t(labelKey('meetingMode', group.meetingMode))}
        </dd>
        <dt>{t('myGroups.facilitators')}</dt>
        <dd>{format.list(group.facilitators)}</dd>
        {mine.displayName && (
          <>
            <dt>{t('myGroups.knownAs')}</dt>
            <dd>{mine.displayName}</dd>
          </>
        )}
      </dl>
      {/* The questions follow what the group is, where it meets and who runs it, as the join form does. */}
      {mine.screening && !mine.screening.answered && <ScreeningForm mine={mine} questions={mine.screening.questions} />}
      {mine.screening?.answered && <p className="notice notice--success">{t('myGroups.screeningAnswered')}</p>}
      {mine.needsToAccept && <JoinForm mine={mine} />}
      {!mine.needsToAccept && (mine.status === 'active' || mine.status === 'on-leave') && (
        <>
          <SpaceLink groupId={group.id} />
          <h4>{t('myGroups.whoIsIn')}</h4>
          {mine.peers.length === 0 ? (
            <p>{t('myGroups.firstToJoin')}</p>
          ) : (
            <ul className="peers">
              {mine.peers.map((name, index) => (
                // Several former members share the words "a former member".
                <li key={`${index}:${name}`}>{shownName(t, name)}</li>
              ))}
            </ul>
          )}
          <details>
            <summary>{t('myGroups.acceptedAgreement')}</summary>
            <p className="pre-line" translate="no">
              {mine.agreement.text}
            </p>
          </details>
        </>
      )}
    </article>
  );
}

function JoinForm({ mine }: { mine: MyGroup }) {
  const t = useT();
  const changed = useChanged();
  const [displayName, setDisplayName] = useState(mine.displayName ?? '');
  const [agreed, setAgreed] = useState(false);
  const join = useMutation({
    mutationFn: () =>
      api<MyGroup>(`/api/my/groups/${mine.group.id}/join`, {
        method: 'POST',
        body: { agreementVersion: mine.agreement.version, displayName },
      }),
    onSuccess: () => changed({ group: mine.group.id }),
  });
  const problems = formProblems(join.error, {
    displayName: t('myGroups.join.displayName'),
    agreementVersion: t('myGroups.join.agreement'),
  });
  const returning = mine.status !== 'admitted';
  const agreeId = `agree-${mine.group.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate();
  };
  return (
    <div className="subsection">
      <h4>{t(returning ? 'myGroups.join.changedHeading' : 'myGroups.join.placeHeading')}</h4>
      <p>{t(returning ? 'myGroups.join.changedLead' : 'myGroups.join.placeLead')}</p>
      <div
        className="agreement"
        tabIndex={0}
        role="region"
        aria-label={t('myGroups.join.agreementVersion', { version: mine.agreement.version })}
      >
        <p className="pre-line" translate="no">
          {mine.agreement.text}
        </p>
      </div>
      {problems && (
        <ProblemSummary title={t('myGroups.join.notJoined')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('myGroups.join.displayName')}
          name="displayName"
          hint={t('myGroups.join.displayNameHint')}
          maxLength={DisplayNameLimit.max}
          autoComplete="nickname"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          problem={problems?.byField.displayName}
        />
        <div className="checkbox">
          <input id={agreeId} type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
          <label htmlFor={agreeId}>{t('myGroups.join.accept')}</label>
        </div>
        <SubmitButton pending={join.isPending} disabled={!agreed} pendingLabel={t('myGroups.join.joining')}>
          {t(returning ? 'myGroups.join.acceptNew' : 'myGroups.join.submit')}
        </SubmitButton>
      </form>
    </div>
  );
}

function ScreeningForm({ mine, questions }: { mine: MyGroup; questions: string[] }) {
  const t = useT();
  const changed = useChanged();
  const [answers, setAnswers] = useState(() => questions.map(() => ''));
  const send = useMutation({
    mutationFn: () => api<MyGroup>(`/api/my/groups/${mine.group.id}/screening`, { method: 'POST', body: { answers } }),
    onSuccess: () => changed({ group: mine.group.id }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <div className="subsection">
      <h4>{t('myGroups.screening.heading')}</h4>
      <p>{t('myGroups.screening.lead')}</p>
      {send.error && <ProblemSummary title={t('myGroups.screening.notSent')} message={send.error.message} />}
      <form className="form" onSubmit={submit} noValidate>
        {questions.map((question, i) => (
          <TextArea
            key={question}
            label={question}
            name={`answer-${mine.group.id}-${i}`}
            hint={i === 0 ? undefined : t('myGroups.screening.optional')}
            rows={3}
            maxLength={ScreeningLimits.answer.max}
            value={answers[i] ?? ''}
            onChange={(e) => setAnswers((all) => all.map((a, j) => (j === i ? e.target.value : a)))}
          />
        ))}
        <SubmitButton pending={send.isPending} pendingLabel={t('myGroups.screening.sending')}>
          {t('myGroups.screening.send')}
        </SubmitButton>
      </form>
    </div>
  );
}
