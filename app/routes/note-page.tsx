import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { NOTE_TEMPLATES, type NoteSection } from '../../domain/notes.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { notesKeys, type SingleNote } from '../api/notes.js';
import type { Viewer } from '../api/session.js';
import { SignatureLine } from '../features/notes/signature-line.js';
import { labelKey, shownName } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

/** One signed progress note: read it, co-sign it, add a signed addendum, release it to the member. */
export function NotePage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <Note viewer={viewer} />}</RequireViewer>;
}

function Note({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const { noteId = '' } = useParams();
  const note = useQuery({ queryKey: notesKeys.one(noteId), queryFn: () => api<SingleNote>(`/api/notes/${noteId}`) });
  const [done, setDone] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (action: 'cosign' | 'release') => api<SingleNote>(`/api/notes/${noteId}/${action}`, { method: 'POST' }),
    onSuccess: (result, action) => {
      setDone(action === 'cosign' ? t('notes.one.cosignedDone') : t('notes.one.releasedDone'));
      void changed({ group: result.groupId });
    },
  });
  const title = note.data
    ? t('notes.one.titleOf', { name: note.data.displayName ?? note.data.name })
    : t('notes.one.title');
  usePageTitle(title);
  if (note.isPending) return <p role="status">{t('notes.loading')}</p>;
  if (note.isError) {
    const status = note.error instanceof ApiError ? note.error.status : 0;
    return (
      <>
        <h1>{t('notes.one.title')}</h1>
        <p role="alert">
          {status === 403 ? t('notes.clinicalOnly') : status === 404 ? t('notes.one.notFound') : t('notes.loadFailed')}
        </p>
      </>
    );
  }
  const n = note.data;
  const name = shownName(t, n.displayName ?? n.name);
  const mayCosign = n.cosignerId === viewer.user.id && !n.cosigned;
  return (
    <>
      <p>
        <Link to={`/groups/${n.groupId}/sessions/${n.sessionId}/notes`}>{t('notes.one.backToSession')}</Link>
      </p>
      <h1>{t('notes.one.titleOf', { name })}</h1>
      <p className="lead">
        {t('notes.session', {
          group: n.groupName,
          when: format.sessionTime(n.startsAt, undefined, { groupZone: n.timeZone, shownIn: 'group' }),
        })}
      </p>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      {act.error && <ProblemSummary title={t('notes.one.notDone')} message={act.error.message} />}
      <p>{t('notes.attendanceWas', { status: t(labelKey('attendance', n.attendance)) })}</p>
      {n.signed ? <SignatureLine signed={n.signed} /> : <p>{t('notes.one.draft')}</p>}
      {n.cosigned && <SignatureLine signed={n.cosigned} kind="cosigned" />}
      {n.signed && (
        <p>
          <a href={`/api/notes/${n.id}/pdf`} download>
            {t('billing.notePdf')}
          </a>
        </p>
      )}
      {n.cosignerId && !n.cosigned && <p className="notice">{t('notes.one.awaitingCosign')}</p>}
      {n.releasedAt && <p>{t('notes.one.released', { when: format.instant(n.releasedAt) })}</p>}

      {n.groupPart && (
        <section aria-labelledby="group-part" className="card">
          <h2 id="group-part">{t('notes.groupNote')}</h2>
          <dl>
            <dt>{t('notes.themes')}</dt>
            <dd>{n.groupPart.themes}</dd>
            <dt>{t('notes.interventions')}</dt>
            <dd>
              {format.list([
                ...n.groupPart.interventions.map((i) => t(labelKey('intervention', i))),
                ...(n.groupPart.interventionsOther ? [n.groupPart.interventionsOther] : []),
              ])}
            </dd>
            <dt>{t('notes.groupProcess')}</dt>
            <dd>{n.groupPart.groupProcess}</dd>
            <dt>{t('notes.factors')}</dt>
            <dd>{format.list(n.groupPart.factors.map((f) => t(labelKey('therapeuticFactor', f))))}</dd>
            <dt>{t('notes.groupRisk')}</dt>
            <dd>{n.groupPart.risk}</dd>
          </dl>
        </section>
      )}
      <section aria-labelledby="own-part" className="card">
        <h2 id="own-part">{t('notes.memberHeading', { name, template: n.template })}</h2>
        <dl>
          {(NOTE_TEMPLATES[n.template] as readonly NoteSection[]).map((s) => (
            <div key={s}>
              <dt>{t(labelKey('noteSection', s))}</dt>
              <dd>{n.content.sections[s] ?? ''}</dd>
            </div>
          ))}
          <dt>{t('notes.participation')}</dt>
          <dd>{n.content.participation}</dd>
          <dt>{t('notes.goalProgress')}</dt>
          <dd>{n.content.goalProgress}</dd>
          <dt>{t('notes.memberRisk')}</dt>
          <dd>{n.content.risk}</dd>
        </dl>
      </section>

      <section aria-labelledby="addenda" className="card">
        <h2 id="addenda">{t('notes.one.addenda')}</h2>
        {n.addenda.length === 0 && <p>{t('notes.one.noAddenda')}</p>}
        {n.addenda.map((a) => (
          <article key={a.id} className="addendum">
            <p>{a.text}</p>
            <SignatureLine signed={a.signed} />
          </article>
        ))}
        {n.status === 'signed' && <AddendumForm noteId={n.id} groupId={n.groupId} />}
      </section>

      {(mayCosign || (n.status === 'signed' && !n.releasedAt && viewer.practice.role !== 'supervisor')) && (
        <section aria-labelledby="note-actions" className="card">
          <h2 id="note-actions">{t('notes.one.actions')}</h2>
          {mayCosign && (
            <p>
              <button
                type="button"
                className="button"
                disabled={act.isPending}
                aria-busy={act.isPending}
                onClick={() => act.mutate('cosign')}
              >
                {act.isPending ? t('notes.signing') : t('notes.one.cosign')}
              </button>
            </p>
          )}
          {n.status === 'signed' && !n.releasedAt && viewer.practice.role !== 'supervisor' && (
            <>
              <p>{t('notes.one.releaseIntro')}</p>
              <p>
                <button type="button" className="button button--quiet" onClick={() => act.mutate('release')}>
                  {t('notes.one.release', { name })}
                </button>
              </p>
            </>
          )}
        </section>
      )}
    </>
  );
}

function AddendumForm({ noteId, groupId }: { noteId: string; groupId: string }) {
  const t = useT();
  const changed = useChanged();
  const [text, setText] = useState('');
  const [added, setAdded] = useState(false);
  const add = useMutation({
    mutationFn: () => api<SingleNote>(`/api/notes/${noteId}/addenda`, { method: 'POST', body: { text } }),
    onSuccess: () => {
      setText('');
      setAdded(true);
      void changed({ group: groupId });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(false);
    add.mutate();
  };
  return (
    <form className="form form--wide" onSubmit={onSubmit} noValidate>
      {add.error && <ProblemSummary title={t('notes.one.addendumNotAdded')} message={add.error.message} />}
      <div role="status">{added && <p className="notice notice--success">{t('notes.one.addendumAdded')}</p>}</div>
      <div className="field">
        <label htmlFor="addendum-text">{t('notes.one.addendum')}</label>
        <p className="hint" id="addendum-hint">
          {t('notes.one.addendumHint')}
        </p>
        <textarea
          id="addendum-text"
          aria-describedby="addendum-hint"
          rows={3}
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <SubmitButton pending={add.isPending} pendingLabel={t('notes.signing')}>
        {t('notes.one.addAddendum')}
      </SubmitButton>
    </form>
  );
}
