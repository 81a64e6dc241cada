import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { MEETING_MODE_LABELS } from '../../../domain/groups.js';
import { DisplayNameLimit } from '../../../domain/membership.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { membershipKeys, type MyGroup } from '../../api/membership.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { formatInstant } from '../../ui/format.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { ScreeningLimits } from '../../../domain/screening.js';
import { SubmitButton } from '../../ui/submit-button.js';

/**
 * The groups a person belongs to or has been suggested, in words for a member. On a staff home
 * (`onlyWhenAny`) it shows only when the person has been referred into a group themselves.
 */
export function MyGroups({
  heading = 'Your groups',
  onlyWhenAny = false,
}: {
  heading?: string;
  onlyWhenAny?: boolean;
}) {
  const groups = useQuery({
    queryKey: membershipKeys.mine,
    queryFn: () => api<{ groups: MyGroup[] }>('/api/my/groups'),
  });
  if (onlyWhenAny && !groups.data?.groups.length) return null;
  if (groups.isPending) return <p role="status">Loading your groups…</p>;
  if (groups.isError) return <p role="alert">Your groups could not be loaded. Please reload the page.</p>;
  if (groups.data.groups.length === 0) {
    return (
      <section aria-labelledby="my-groups-heading">
        <h2 id="my-groups-heading">{heading}</h2>
        <p>
          You are not in a group yet. When your clinician suggests a group for you, it appears here, with what happens
          next.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="my-groups-heading">
      <h2 id="my-groups-heading">{heading}</h2>
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
  const { group } = mine;
  const headingId = `group-${group.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h3 className="card__title" id={headingId}>
        {group.name}
      </h3>
      {mine.status === 'referred' && (
        <p>
          {mine.screening && !mine.screening.answered
            ? 'This group has been suggested for you. Please answer a few questions below; then a facilitator will let you know about a place.'
            : 'This group has been suggested for you. A facilitator will let you know about a place soon. There is nothing you need to do now.'}
        </p>
      )}
      {mine.status === 'waitlisted' && (
        <p>
          The group is full at the moment, so you are on its waitlist. We will let you know as soon as a place opens.
        </p>
      )}
      {(mine.status === 'completed' || mine.status === 'left' || mine.status === 'removed') && (
        <p>Your time in this group has ended.</p>
      )}
      {mine.offerLapsed && (
        <p>The time to accept this place has passed. Your facilitator will be in touch about what comes next.</p>
      )}
      {mine.offerExpiresAt && !mine.offerLapsed && (
        <p>
          A place has opened for you. It is held for you until <strong>{formatInstant(mine.offerExpiresAt)}</strong>.
        </p>
      )}
      <p className="pre-line">{group.description}</p>
      {mine.screening && !mine.screening.answered && <ScreeningForm mine={mine} questions={mine.screening.questions} />}
      {mine.screening?.answered && (
        <p className="notice notice--success">
          Thank you for answering the questions. A facilitator will be in touch about a place.
        </p>
      )}
      <dl className="details">
        <dt>Meets</dt>
        <dd>
          {MEETING_MODE_LABELS[group.meetingMode]}
          {group.place ? `, ${group.place}` : ''}
        </dd>
        <dt>Facilitators</dt>
        <dd>{group.facilitators.join(' and ')}</dd>
        {mine.displayName && (
          <>
            <dt>The group knows you as</dt>
            <dd>{mine.displayName}</dd>
          </>
        )}
      </dl>
      {mine.needsToAccept && <JoinForm mine={mine} />}
      {!mine.needsToAccept && (mine.status === 'active' || mine.status === 'on-leave') && (
        <>
          <h4>Who is in the group</h4>
          {mine.peers.length === 0 ? (
            <p>You are the first to join. Others will appear here as they join.</p>
          ) : (
            <ul className="peers">
              {mine.peers.map((name, index) => (
                // Several former members share the words "a former member".
                <li key={`${index}:${name}`}>{name}</li>
              ))}
            </ul>
          )}
          <details>
            <summary>The group agreement you accepted</summary>
            <p className="pre-line">{mine.agreement.text}</p>
          </details>
        </>
      )}
    </article>
  );
}

function JoinForm({ mine }: { mine: MyGroup }) {
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
    displayName: 'The name the group will know you by',
    agreementVersion: 'The agreement',
  });
  const returning = mine.status !== 'admitted';
  const agreeId = `agree-${mine.group.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate();
  };
  return (
    <div className="subsection">
      <h4>{returning ? 'The group agreement has changed' : 'There is a place for you'}</h4>
      <p>
        {returning
          ? 'Please read the new version. You stay in the group; accepting it lets you carry on.'
          : 'To join, read the group agreement, choose the name the group will know you by, and accept.'}
      </p>
      <div
        className="agreement"
        tabIndex={0}
        role="region"
        aria-label={`Group agreement, version ${mine.agreement.version}`}
      >
        <p className="pre-line">{mine.agreement.text}</p>
      </div>
      {problems && (
        <ProblemSummary title="You have not joined yet" message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="The name the group will know you by"
          name="displayName"
          hint="A first name or a made-up name. Other members see only this name. Your facilitators also see your full name and e-mail; other members never do."
          maxLength={DisplayNameLimit.max}
          autoComplete="nickname"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          problem={problems?.byField.displayName}
        />
        <div className="checkbox">
          <input id={agreeId} type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
          <label htmlFor={agreeId}>I have read the group agreement and I accept it</label>
        </div>
        <SubmitButton pending={join.isPending} disabled={!agreed} pendingLabel="Joining…">
          {returning ? 'Accept the new agreement' : 'Join the group'}
        </SubmitButton>
      </form>
    </div>
  );
}

function ScreeningForm({ mine, questions }: { mine: MyGroup; questions: string[] }) {
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
      <h4>A few questions before a place is decided</h4>
      <p>
        Only the group&apos;s facilitators read your answers. Answer in your own words; only the first question needs an
        answer. You can skip any other.
      </p>
      {send.error && <ProblemSummary title="Your answers were not sent yet" message={send.error.message} />}
      <form className="form" onSubmit={submit} noValidate>
        {questions.map((question, i) => (
          <TextArea
            key={question}
            label={question}
            name={`answer-${mine.group.id}-${i}`}
            hint={i === 0 ? undefined : 'You can leave this empty.'}
            rows={3}
            maxLength={ScreeningLimits.answer.max}
            value={answers[i] ?? ''}
            onChange={(e) => setAnswers((all) => all.map((a, j) => (j === i ? e.target.value : a)))}
          />
        ))}
        <SubmitButton pending={send.isPending} pendingLabel="Sending…">
          Send my answers
        </SubmitButton>
      </form>
    </div>
  );
}
