import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SpaceModeration } from '../../../domain/space.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { spaceKeys, type SpacePost, type SpaceQueue, type SpaceSettings } from '../../api/space.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { useFormat } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { AuthorLine, PostTags } from './post-view.js';

const ACTION_WORDS: Record<SpaceModeration, MessageKey> = {
  publish: 'space.moderation.publish',
  'publish-edited': 'space.moderation.publish-edited',
  'keep-private': 'space.moderation.keep-private',
  hide: 'space.moderation.hide',
  unhide: 'space.moderation.unhide',
  pin: 'space.moderation.pin',
  unpin: 'space.moderation.unpin',
  lock: 'space.moderation.lock',
  unlock: 'space.moderation.unlock',
  move: 'space.moderation.move',
};

function useModerate(groupId: string, postId: string, onDone: (message: string) => void) {
  const t = useT();
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: { action: SpaceModeration; body?: string; note?: string; channel?: string }) =>
      api<null>(`/api/groups/${groupId}/space/posts/${postId}/moderation`, { method: 'POST', body }).then(() => body),
    onSuccess: async (body) => {
      onDone(t('space.moderation.done', { action: t(ACTION_WORDS[body.action]) }));
      await changed({ group: groupId });
    },
  });
}

/** A facilitator's buttons on a post in the list: hide or show again; pin, close and move a thread. */
export function PostTools({ groupId, post, onDone }: { groupId: string; post: SpacePost; onDone(m: string): void }) {
  const t = useT();
  const moderate = useModerate(groupId, post.id, onDone);
  const actions: SpaceModeration[] = [];
  if (post.status === 'published') actions.push('hide');
  if (post.status === 'hidden') actions.push('unhide');
  if (post.threadId === null && post.status === 'published') {
    actions.push(post.pinned ? 'unpin' : 'pin', post.locked ? 'unlock' : 'lock', 'move');
  }
  if (actions.length === 0) return null;
  return (
    <div className="post__tools" role="group" aria-label={t('space.moderation.tools')}>
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className="button button--quiet"
          disabled={moderate.isPending}
          onClick={() =>
            moderate.mutate({
              action,
              ...(action === 'move' && { channel: post.channel === 'talk' ? 'wins' : 'talk' }),
            })
          }
        >
          {action === 'move'
            ? t(post.channel === 'talk' ? 'space.moderation.moveToWins' : 'space.moderation.moveToTalk')
            : t(ACTION_WORDS[action])}
        </button>
      ))}
      {moderate.isError && <p role="alert">{moderate.error.message}</p>}
    </div>
  );
}

/** One held post: publish it, publish an edited version with a note, or keep it private. */
function HeldPost({ groupId, post, onDone }: { groupId: string; post: SpacePost; onDone(m: string): void }) {
  const t = useT();
  const moderate = useModerate(groupId, post.id, onDone);
  const [body, setBody] = useState(post.body);
  const [note, setNote] = useState('');
  const problems = formProblems(moderate.error, {
    body: t('space.moderation.editedBody'),
    note: t('space.moderation.note'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    moderate.mutate({ action: 'publish-edited', body, note });
  };
  return (
    <li className="list__item post">
      <div>
        <PostTags post={post} />
        {post.title && <h4>{post.title}</h4>}
        <AuthorLine post={post} />
        <p className="pre-line">{post.body}</p>
        <p className="muted">
          {t(post.heldFor === 'screening' ? 'space.queue.heldForScreening' : 'space.queue.heldForPremoderation')}
        </p>
        <p>
          <button
            type="button"
            className="button"
            disabled={moderate.isPending}
            onClick={() => moderate.mutate({ action: 'publish' })}
          >
            {t('space.moderation.publish')}
          </button>{' '}
          <button
            type="button"
            className="button button--quiet"
            disabled={moderate.isPending}
            onClick={() => moderate.mutate({ action: 'keep-private' })}
          >
            {t('space.moderation.keep-private')}
          </button>
        </p>
        <details>
          <summary>{t('space.moderation.publish-edited')}</summary>
          <form className="form" onSubmit={submit} noValidate>
            {problems && (
              <ProblemSummary
                title={t('space.moderation.notDone')}
                message={problems.message}
                fields={problems.fields}
              />
            )}
            <TextArea
              name={`edited-${post.id}`}
              label={t('space.moderation.editedBody')}
              value={body}
              rows={4}
              onChange={(e) => setBody(e.target.value)}
              problem={problems?.byField.body}
            />
            <TextField
              name={`note-${post.id}`}
              label={t('space.moderation.note')}
              hint={t('space.moderation.noteHint')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              problem={problems?.byField.note}
            />
            <SubmitButton pending={moderate.isPending}>{t('space.moderation.publishEdited')}</SubmitButton>
          </form>
        </details>
        {moderate.isError && !problems?.fields.length && <p role="alert">{moderate.error.message}</p>}
      </div>
    </li>
  );
}

function ReportRow({
  groupId,
  report,
  onDone,
}: {
  groupId: string;
  report: SpaceQueue['reports'][number];
  onDone(m: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const [outcome, setOutcome] = useState('');
  const close = useMutation({
    mutationFn: () =>
      api<null>(`/api/groups/${groupId}/space/reports/${report.id}/resolution`, { method: 'POST', body: { outcome } }),
    onSuccess: async () => {
      onDone(t('space.queue.reportClosed'));
      await changed({ group: groupId });
    },
  });
  const problems = formProblems(close.error, { outcome: t('space.queue.outcome') });
  return (
    <li className="list__item">
      <div>
        <p>{t('space.queue.reportBy', { who: report.reporter, when: format.instant(report.createdAt) })}</p>
        <p className="pre-line">{report.reason}</p>
        {report.post && (
          <blockquote className="pre-line">
            {report.post.title && <strong>{report.post.title} </strong>}
            {report.post.body}
          </blockquote>
        )}
        {report.resolved ? (
          <p className="muted">
            {t('space.queue.resolved', {
              who: report.resolved.by,
              when: format.instant(report.resolved.at),
              outcome: report.resolved.outcome,
            })}
          </p>
        ) : (
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              close.mutate();
            }}
          >
            {problems && (
              <ProblemSummary title={t('space.queue.notClosed')} message={problems.message} fields={problems.fields} />
            )}
            <TextField
              name={`outcome-${report.id}`}
              label={t('space.queue.outcome')}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value)}
              problem={problems?.byField.outcome}
            />
            <SubmitButton pending={close.isPending}>{t('space.queue.close')}</SubmitButton>
          </form>
        )}
      </div>
    </li>
  );
}

/** The facilitators' queue: posts waiting, reports, and what was done. */
export function ModerationQueue({
  groupId,
  mayEdit,
  onDone,
}: {
  groupId: string;
  mayEdit: boolean;
  onDone(m: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const queue = useQuery({
    queryKey: spaceKeys.queue(groupId),
    queryFn: () => api<SpaceQueue>(`/api/groups/${groupId}/space/queue`),
  });
  if (!queue.data) return null;
  const { held, reports, outcomes } = queue.data;
  const open = reports.filter((r) => !r.resolved);
  return (
    <section className="card" aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('space.queue.heading')}</h2>
      <h3>{t('space.queue.held', { count: held.length })}</h3>
      {held.length === 0 ? (
        <p>{t('space.queue.nothingHeld')}</p>
      ) : (
        <ul className="list">
          {held.map((p) =>
            mayEdit ? (
              <HeldPost key={p.id} groupId={groupId} post={p} onDone={onDone} />
            ) : (
              <li key={p.id} className="list__item">
                <div>
                  <AuthorLine post={p} />
                  <p className="pre-line">{p.body}</p>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      <h3>{t('space.queue.reports', { count: open.length })}</h3>
      {reports.length === 0 ? (
        <p>{t('space.queue.noReports')}</p>
      ) : (
        <ul className="list">
          {reports.map((r) => (
            <ReportRow key={r.id} groupId={groupId} report={r} onDone={onDone} />
          ))}
        </ul>
      )}
      {outcomes.length > 0 && (
        <details>
          <summary>{t('space.queue.outcomes')}</summary>
          <ul className="list">
            {outcomes.map((o) => (
              <li key={o.id} className="list__item">
                <div>
                  {t('space.queue.outcomeLine', {
                    who: o.by,
                    action: t(ACTION_WORDS[o.action]),
                    when: format.instant(o.at),
                  })}
                  {o.note && <p className="muted">{o.note}</p>}
                </div>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The group's settings for its space: anonymous posts, pre-moderation, reading hours, quiet hours. */
export function SpaceSettingsForm({
  groupId,
  settings,
  onDone,
}: {
  groupId: string;
  settings: SpaceSettings;
  onDone(m: string): void;
}) {
  const t = useT();
  const changed = useChanged();
  const [form, setForm] = useState({
    anonymousAllowed: settings.anonymousAllowed,
    premoderateFirst: String(settings.premoderateFirst),
    readingHours: settings.readingHours ?? '',
    quietFrom: settings.quietFrom ?? '',
    quietUntil: settings.quietUntil ?? '',
  });
  const save = useMutation({
    mutationFn: () =>
      api<SpaceSettings>(`/api/groups/${groupId}/space/settings`, {
        method: 'PUT',
        body: {
          anonymousAllowed: form.anonymousAllowed,
          premoderateFirst: Number(form.premoderateFirst),
          readingHours: form.readingHours || null,
          quietFrom: form.quietFrom || null,
          quietUntil: form.quietUntil || null,
        },
      }),
    onSuccess: async () => {
      onDone(t('space.settings.saved'));
      await changed({ group: groupId });
    },
  });
  const problems = formProblems(save.error, {
    premoderateFirst: t('space.settings.premoderate'),
    readingHours: t('space.settings.readingHours'),
    quietFrom: t('space.settings.quietFrom'),
    quietUntil: t('space.settings.quietUntil'),
  });
  return (
    <details className="card">
      <summary>{t('space.settings.heading')}</summary>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {problems && (
          <ProblemSummary title={t('space.settings.notSaved')} message={problems.message} fields={problems.fields} />
        )}
        <div className="checkbox">
          <input
            id="space-anonymous"
            type="checkbox"
            checked={form.anonymousAllowed}
            onChange={(e) => setForm((f) => ({ ...f, anonymousAllowed: e.target.checked }))}
          />
          <label htmlFor="space-anonymous">{t('space.settings.anonymous')}</label>
        </div>
        <TextField
          name="premoderateFirst"
          type="number"
          inputMode="numeric"
          label={t('space.settings.premoderate')}
          hint={t('space.settings.premoderateHint')}
          value={form.premoderateFirst}
          onChange={(e) => setForm((f) => ({ ...f, premoderateFirst: e.target.value }))}
          problem={problems?.byField.premoderateFirst}
        />
        <TextField
          name="readingHours"
          label={t('space.settings.readingHours')}
          hint={t('space.settings.readingHoursHint')}
          value={form.readingHours}
          onChange={(e) => setForm((f) => ({ ...f, readingHours: e.target.value }))}
          problem={problems?.byField.readingHours}
        />
        <TextField
          name="quietFrom"
          type="time"
          label={t('space.settings.quietFrom')}
          hint={t('space.settings.quietHint')}
          value={form.quietFrom}
          onChange={(e) => setForm((f) => ({ ...f, quietFrom: e.target.value }))}
          problem={problems?.byField.quietFrom}
        />
        <TextField
          name="quietUntil"
          type="time"
          label={t('space.settings.quietUntil')}
          value={form.quietUntil}
          onChange={(e) => setForm((f) => ({ ...f, quietUntil: e.target.value }))}
          problem={problems?.byField.quietUntil}
        />
        <SubmitButton pending={save.isPending}>{t('space.settings.save')}</SubmitButton>
      </form>
    </details>
  );
}
