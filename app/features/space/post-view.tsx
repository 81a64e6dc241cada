import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { SPACE_REACTIONS, type SpaceReaction } from '../../../domain/space.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { CreatedPost, SpacePost } from '../../api/space.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { shownName } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { CrisisLines } from '../../ui/crisis-lines.js';
import { formProblems } from '../../ui/form-problems.js';
import { useFormat } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';

const REACTION_WORDS: Record<SpaceReaction, MessageKey> = {
  'me-too': 'space.reaction.me-too',
  'thank-you': 'space.reaction.thank-you',
  strength: 'space.reaction.strength',
};

/** Who wrote a post, in the words the reader may see. */
export function AuthorLine({ post }: { post: SpacePost }) {
  const t = useT();
  const format = useFormat();
  const a = post.author;
  const who = a.mine
    ? t(a.anonymous ? 'space.author.youAnonymous' : 'space.author.you')
    : a.anonymous
      ? t('space.author.anonymous')
      : a.facilitator
        ? t('space.author.facilitator', { name: a.name ?? '' })
        : shownName(t, a.name ?? '');
  return (
    <p className="muted">
      {who}
      {a.member && (
        <> · {t('space.author.staffSees', { name: a.member.name, displayName: a.member.displayName ?? '' })}</>
      )}
      {' · '}
      <time dateTime={post.createdAt}>{format.instant(post.createdAt)}</time>
    </p>
  );
}

/** Tags that say where a post stands. */
export function PostTags({ post }: { post: SpacePost }) {
  const t = useT();
  return (
    <>
      {post.pinned && <span className="tag">{t('space.tag.pinned')}</span>}{' '}
      {post.locked && <span className="tag">{t('space.tag.locked')}</span>}{' '}
      {post.status === 'held' && <span className="tag">{t('space.tag.waiting')}</span>}{' '}
      {post.status === 'private' && <span className="tag">{t('space.tag.private')}</span>}{' '}
      {post.status === 'hidden' && <span className="tag">{t('space.tag.hidden')}</span>}{' '}
      {post.screening && post.screening !== 'none' && (
        <span className="tag">{t(post.screening === 'urgent' ? 'space.tag.urgent' : 'space.tag.flag')}</span>
      )}
    </>
  );
}

/**
 * A post's reactions: a button for each kind, pressed when the reader has given it, and the names
 * of who gave it. There is no count to chase: a reaction is a person, named.
 */
export function Reactions({ groupId, post, mayReact }: { groupId: string; post: SpacePost; mayReact: boolean }) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const toggle = useMutation({
    mutationFn: (r: { kind: SpaceReaction; on: boolean }) =>
      api<null>(`/api/groups/${groupId}/space/posts/${post.id}/reactions/${r.kind}`, {
        method: r.on ? 'PUT' : 'DELETE',
      }),
    onSuccess: () => changed({ group: groupId }),
  });
  const given = post.reactions.filter((r) => r.names.length > 0);
  return (
    <div className="reactions">
      {mayReact && post.status === 'published' && (
        <div className="reactions__buttons" role="group" aria-label={t('space.reactions.label')}>
          {SPACE_REACTIONS.map((kind) => {
            const mine = post.reactions.find((r) => r.kind === kind)?.mine ?? false;
            return (
              <button
                key={kind}
                type="button"
                className="button button--quiet"
                aria-pressed={mine}
                disabled={toggle.isPending}
                onClick={() => toggle.mutate({ kind, on: !mine })}
              >
                {t(REACTION_WORDS[kind])}
              </button>
            );
          })}
        </div>
      )}
      {given.length > 0 && (
        <ul className="reactions__given">
          {given.map((r) => (
            <li key={r.kind}>
              {t('space.reactions.given', {
                reaction: t(REACTION_WORDS[r.kind]),
                names: format.list(r.names.map((n) => shownName(t, n))),
              })}
            </li>
          ))}
        </ul>
      )}
      {toggle.isError && <p role="alert">{toggle.error.message}</p>}
    </div>
  );
}

/** Telling the facilitators about a post: the author never learns who. */
export function ReportForm({ groupId, postId }: { groupId: string; postId: string }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      api<{ id: string }>(`/api/groups/${groupId}/space/posts/${postId}/reports`, { method: 'POST', body: { reason } }),
    onSuccess: () => setDone(true),
  });
  const problems = formProblems(send.error, { reason: t('space.report.reason') });
  if (done)
    return (
      <p className="notice notice--success" role="status">
        {t('space.report.sent')}
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <details className="post__report">
      <summary>{t('space.report.open')}</summary>
      <form className="form" onSubmit={submit} noValidate>
        {problems && (
          <ProblemSummary title={t('space.report.notSent')} message={problems.message} fields={problems.fields} />
        )}
        <p className="muted">{t('space.report.who')}</p>
        <TextArea
          name={`report-${postId}`}
          label={t('space.report.reason')}
          value={reason}
          rows={3}
          onChange={(e) => setReason(e.target.value)}
          problem={problems?.byField.reason}
        />
        <SubmitButton pending={send.isPending}>{t('space.report.send')}</SubmitButton>
      </form>
    </details>
  );
}

/** A reply under a thread. */
export function ReplyForm({
  groupId,
  threadId,
  anonymousAllowed,
  onSent,
}: {
  groupId: string;
  threadId: string;
  anonymousAllowed: boolean;
  onSent(made: CreatedPost): void;
}) {
  const t = useT();
  const changed = useChanged();
  const [body, setBody] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      api<CreatedPost>(`/api/groups/${groupId}/space/posts/${threadId}/replies`, {
        method: 'POST',
        body: { body, ...(anonymous && { anonymous }) },
      }),
    onSuccess: async (made) => {
      setBody('');
      onSent(made);
      await changed({ group: groupId });
    },
  });
  const problems = formProblems(send.error, { body: t('space.reply.label'), anonymous: t('space.post.anonymous') });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <form className="form post__reply" onSubmit={submit} noValidate>
      {problems && (
        <ProblemSummary title={t('space.reply.notSent')} message={problems.message} fields={problems.fields} />
      )}
      <TextArea
        name={`reply-${threadId}`}
        label={t('space.reply.label')}
        value={body}
        rows={2}
        onChange={(e) => setBody(e.target.value)}
        problem={problems?.byField.body}
      />
      {anonymousAllowed && (
        <div className="checkbox">
          <input
            id={`reply-anonymous-${threadId}`}
            type="checkbox"
            checked={anonymous}
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          <label htmlFor={`reply-anonymous-${threadId}`}>{t('space.post.anonymous')}</label>
        </div>
      )}
      <SubmitButton pending={send.isPending} pendingLabel={t('space.post.sending')}>
        {t('space.reply.send')}
      </SubmitButton>
    </form>
  );
}

/**
 * What the author sees the moment a post is held: for screening, that nobody else sees it, that
 * their facilitator has been told, and the crisis lines at once; for a new member, when it appears.
 */
export function HeldNotice({ heldFor }: { heldFor: 'screening' | 'premoderation' }) {
  const t = useT();
  if (heldFor === 'premoderation')
    return (
      <p className="notice" role="status">
        {t('space.held.premoderation')}
      </p>
    );
  return (
    <section className="card card--attention" aria-labelledby="held-heading">
      <h2 id="held-heading" tabIndex={-1}>
        {t('space.held.heading')}
      </h2>
      <p role="status">{t('space.held.told')}</p>
      <p>{t('space.held.noNeedToWait')}</p>
      <CrisisLines headingLevel={3} />
      <p>
        <Link to="/help">{t('space.held.moreHelp')}</Link>
      </p>
    </section>
  );
}
