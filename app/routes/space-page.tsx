import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { SPACE_DIGESTS, type SpaceChannel, type SpaceDigest } from '../../domain/space.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { spaceKeys, type CreatedPost, type Space } from '../api/space.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { ModerationQueue, PostTools, SpaceSettingsForm } from '../features/space/moderation.js';
import { AuthorLine, HeldNotice, PostTags, Reactions, ReplyForm, ReportForm } from '../features/space/post-view.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';
import { TextField } from '../ui/text-field.js';

/** A group's space between sessions, for its members and its facilitators (docs/group-space.md). */
export function SpacePage() {
  return <RequireViewer>{() => <SpaceView />}</RequireViewer>;
}

function SpaceView() {
  const t = useT();
  const { groupId = '' } = useParams();
  const space = useQuery({
    queryKey: spaceKeys.space(groupId),
    queryFn: () => api<Space>(`/api/groups/${groupId}/space`),
  });
  usePageTitle(space.data ? t('space.title', { group: space.data.group.name }) : t('space.titleLoading'));
  const [channel, setChannel] = useState<SpaceChannel>('talk');
  const [held, setHeld] = useState<{ id: string; heldFor: 'screening' | 'premoderation' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const heldRef = useRef<HTMLDivElement>(null);
  // Opening the space is catching up: the unread marker starts again from now.
  const read = useMutation({ mutationFn: () => api<null>(`/api/groups/${groupId}/space/read`, { method: 'POST' }) });
  const unread = space.data?.unread ?? 0;
  useEffect(() => {
    if (unread > 0 && !read.isPending) read.mutate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unread, groupId]);
  useEffect(() => {
    if (held) heldRef.current?.querySelector('h2')?.focus();
  }, [held]);

  if (space.isPending) return <p role="status">{t('space.loading')}</p>;
  if (space.isError) return <p role="alert">{space.error.message}</p>;
  const s = space.data;
  const staff = s.role === 'facilitator' || s.role === 'reader';
  const writes = s.role === 'member' || s.role === 'facilitator';
  const onSent = (made: { id: string; heldFor: 'screening' | 'premoderation' | null }) => {
    setNotice(null);
    setHeld(made.heldFor ? { id: made.id, heldFor: made.heldFor } : null);
  };
  // The notice stays while the post waits; once a facilitator has acted, the post itself says so.
  const stillHeld =
    held !== null && s.threads.some((th) => [th, ...th.replies].some((p) => p.id === held.id && p.status === 'held'));
  const threads = s.threads.filter((th) => th.channel === channel);
  return (
    <>
      <p>
        <Link to={staff || s.role === 'counts' ? `/groups/${groupId}` : '/'}>{t('space.back')}</Link>
      </p>
      <h1>{t('space.title', { group: s.group.name })}</h1>
      {s.role === 'counts' ? (
        <section className="card" aria-labelledby="counts-heading">
          <h2 id="counts-heading">{t('space.counts.heading')}</h2>
          <p>
            {t('space.counts.words', {
              threads: s.counts.threads,
              posts: s.counts.posts,
              waiting: s.counts.waiting ?? 0,
            })}
          </p>
          <p className="muted">{t('space.counts.why')}</p>
        </section>
      ) : (
        <>
          {s.role === 'member' && <WhoSees space={s} />}
          {staff && <AlertList groupId={groupId} mayEdit={s.role === 'facilitator'} onDone={setNotice} />}
          {notice && (
            <p className="notice notice--success" role="status">
              {notice}
            </p>
          )}
          {held && stillHeld && (
            <div ref={heldRef}>
              <HeldNotice heldFor={held.heldFor} />
            </div>
          )}
          {staff && <ModerationQueue groupId={groupId} mayEdit={s.role === 'facilitator'} onDone={setNotice} />}
          {s.role === 'facilitator' && <SpaceSettingsForm groupId={groupId} settings={s.settings} onDone={setNotice} />}
          <div className="channels" role="group" aria-label={t('space.channels')}>
            {(['talk', 'wins'] as const).map((c) => (
              <button
                key={c}
                type="button"
                className="button button--quiet"
                aria-pressed={channel === c}
                onClick={() => setChannel(c)}
              >
                {t(c === 'talk' ? 'space.channel.talk' : 'space.channel.wins')}
              </button>
            ))}
          </div>
          <p className="muted">{t(channel === 'talk' ? 'space.channel.talkAbout' : 'space.channel.winsAbout')}</p>
          {writes && (
            <NewThread
              groupId={groupId}
              channel={channel}
              anonymousAllowed={s.role === 'member' && s.settings.anonymousAllowed}
              onSent={onSent}
            />
          )}
          <section aria-labelledby="threads-heading">
            <h2 id="threads-heading">{t(channel === 'talk' ? 'space.threads.talk' : 'space.threads.wins')}</h2>
            {threads.length === 0 ? (
              <p>{t('space.threads.none')}</p>
            ) : (
              <ul className="list list--cards" aria-live="polite">
                {threads.map((th) => (
                  <li key={th.id} className="card post">
                    <article aria-labelledby={`thread-${th.id}`}>
                      <PostTags post={th} />
                      <h3 id={`thread-${th.id}`} className="card__title">
                        {th.title}
                      </h3>
                      <AuthorLine post={th} />
                      <p className="pre-line">{th.body}</p>
                      {th.editNote && <p className="muted">{t('space.editNote', { note: th.editNote })}</p>}
                      {th.status === 'held' && th.author.mine && (
                        <p className="muted">{t('space.waitingForFacilitator')}</p>
                      )}
                      <Reactions groupId={groupId} post={th} mayReact={writes && !th.author.mine} />
                      {s.role === 'facilitator' && <PostTools groupId={groupId} post={th} onDone={setNotice} />}
                      {s.role === 'member' && !th.author.mine && th.status === 'published' && (
                        <ReportForm groupId={groupId} postId={th.id} />
                      )}
                      {th.replies.length > 0 && (
                        <ul className="list replies" aria-label={t('space.replies', { count: th.replies.length })}>
                          {th.replies.map((r) => (
                            <li key={r.id} className="list__item post">
                              <div>
                                <PostTags post={r} />
                                <AuthorLine post={r} />
                                <p className="pre-line">{r.body}</p>
                                {r.editNote && <p className="muted">{t('space.editNote', { note: r.editNote })}</p>}
                                {r.status === 'held' && r.author.mine && (
                                  <p className="muted">{t('space.waitingForFacilitator')}</p>
                                )}
                                <Reactions groupId={groupId} post={r} mayReact={writes && !r.author.mine} />
                                {s.role === 'facilitator' && (
                                  <PostTools groupId={groupId} post={r} onDone={setNotice} />
                                )}
                                {s.role === 'member' && !r.author.mine && r.status === 'published' && (
                                  <ReportForm groupId={groupId} postId={r.id} />
                                )}
                              </div>
                            </li>
                          ))}
                        </ul>
                      )}
                      {writes && th.status === 'published' && (!th.locked || s.role === 'facilitator') && (
                        <ReplyForm
                          groupId={groupId}
                          threadId={th.id}
                          anonymousAllowed={s.role === 'member' && s.settings.anonymousAllowed}
                          onSent={onSent}
                        />
                      )}
                      {th.locked && s.role === 'member' && <p className="muted">{t('space.lockedWords')}</p>}
                    </article>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {s.role === 'member' && <DigestChoice groupId={groupId} digest={s.digest} />}
        </>
      )}
    </>
  );
}

/** Before anyone posts: who reads it, when the facilitators look, and where help is at any hour. */
function WhoSees({ space }: { space: Space }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="who-sees-heading">
      <h2 id="who-sees-heading">{t('space.whoSees.heading')}</h2>
      <ul>
        <li>{t('space.whoSees.members', { group: space.group.name })}</li>
        {space.settings.anonymousAllowed && <li>{t('space.whoSees.anonymous')}</li>}
        <li>
          {space.settings.readingHours
            ? t('space.whoSees.facilitatorsHours', { hours: space.settings.readingHours })
            : t('space.whoSees.facilitators')}
        </li>
        <li>{t('space.whoSees.screening')}</li>
        <li>{t.rich('space.whoSees.help', { link: (chunks) => <Link to="/help">{chunks}</Link> })}</li>
      </ul>
    </section>
  );
}

function NewThread({
  groupId,
  channel,
  anonymousAllowed,
  onSent,
}: {
  groupId: string;
  channel: SpaceChannel;
  anonymousAllowed: boolean;
  onSent(made: CreatedPost): void;
}) {
  const t = useT();
  const changed = useChanged();
  const [form, setForm] = useState({ title: '', body: '', anonymous: false });
  const [open, setOpen] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      api<CreatedPost>(`/api/groups/${groupId}/space/threads`, {
        method: 'POST',
        body: { channel, title: form.title, body: form.body, ...(form.anonymous && { anonymous: true }) },
      }),
    onSuccess: async (made) => {
      setForm({ title: '', body: '', anonymous: false });
      // Folded again: what happened next is said above, and the post is in the list.
      setOpen(false);
      onSent(made);
      await changed({ group: groupId });
    },
  });
  const problems = formProblems(send.error, {
    title: t('space.post.title'),
    body: t('space.post.body'),
    anonymous: t('space.post.anonymous'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <details className="card" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t(channel === 'talk' ? 'space.post.startTalk' : 'space.post.startWin')}</summary>
      <form className="form" onSubmit={submit} noValidate>
        {problems && (
          <ProblemSummary title={t('space.post.notSent')} message={problems.message} fields={problems.fields} />
        )}
        <TextField
          name="title"
          label={t('space.post.title')}
          value={form.title}
          onChange={(e) => setForm((f) => ({ ...f, title: e.target.value }))}
          problem={problems?.byField.title}
        />
        <TextArea
          name="body"
          label={t('space.post.body')}
          hint={t('space.post.bodyHint')}
          value={form.body}
          rows={5}
          onChange={(e) => setForm((f) => ({ ...f, body: e.target.value }))}
          problem={problems?.byField.body}
        />
        {anonymousAllowed && (
          <div className="checkbox">
            <input
              id="post-anonymous"
              type="checkbox"
              checked={form.anonymous}
              onChange={(e) => setForm((f) => ({ ...f, anonymous: e.target.checked }))}
            />
            <label htmlFor="post-anonymous">{t('space.post.anonymous')}</label>
          </div>
        )}
        <SubmitButton pending={send.isPending} pendingLabel={t('space.post.sending')}>
          {t('space.post.send')}
        </SubmitButton>
      </form>
    </details>
  );
}

/** How often the member hears of new posts by e-mail: the number only, never what they say. */
function DigestChoice({ groupId, digest }: { groupId: string; digest: SpaceDigest }) {
  const t = useT();
  const changed = useChanged();
  const [choice, setChoice] = useState<SpaceDigest>(digest);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => api<null>(`/api/groups/${groupId}/space/digest`, { method: 'PUT', body: { digest: choice } }),
    onSuccess: async () => {
      setSaved(true);
      await changed({ group: groupId });
    },
  });
  return (
    <section className="card" aria-labelledby="digest-heading">
      <h2 id="digest-heading">{t('space.digest.heading')}</h2>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        <fieldset className="field">
          <legend>{t('space.digest.legend')}</legend>
          {SPACE_DIGESTS.map((d) => (
            <label className="radio" key={d}>
              <input type="radio" name="digest" value={d} checked={choice === d} onChange={() => setChoice(d)} />{' '}
              {t(d === 'off' ? 'space.digest.off' : d === 'daily' ? 'space.digest.daily' : 'space.digest.weekly')}
            </label>
          ))}
        </fieldset>
        <p className="muted">{t('space.digest.hint')}</p>
        <SubmitButton pending={save.isPending}>{t('space.digest.save')}</SubmitButton>
        {saved && (
          <p className="notice notice--success" role="status">
            {t('space.digest.saved')}
          </p>
        )}
        {save.isError && <p role="alert">{save.error.message}</p>}
      </form>
    </section>
  );
}
