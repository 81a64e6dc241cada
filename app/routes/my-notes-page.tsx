import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { NOTE_TEMPLATES, type NoteSection } from '../../domain/notes.js';
import { api } from '../api/client.js';
import type { GroupNoteContent, MemberNoteContent, NoteTemplate } from '../api/notes.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** A progress note a clinician released to the member, as `/api/my/notes` sends it (docs/notes.md). */
interface ReleasedNote {
  id: string;
  practice: string;
  group: string;
  startsAt: string;
  timeZone: string;
  attendance: 'present' | 'late' | 'left-early';
  template: NoteTemplate;
  groupPart: GroupNoteContent;
  content: MemberNoteContent;
  signed: { name: string; credential: string; at: string };
  releasedAt: string;
}

/** Under `agenda`, which every group change refreshes: a release is a change to the member's group. */
const myNotesKey = ['agenda', 'my-notes'] as const;

/** "Notes shared with you": the progress notes the member's clinicians released to them, as signed. */
export function MyNotesPage() {
  return <RequireViewer>{() => <MyNotes />}</RequireViewer>;
}

function MyNotes() {
  const t = useT();
  usePageTitle(t('myNotes.title'));
  const notes = useQuery({
    queryKey: myNotesKey,
    queryFn: () => api<{ notes: ReleasedNote[] }>('/api/my/notes'),
  });
  return (
    <>
      <p>
        <Link to="/sessions">{t('myNotes.backToSessions')}</Link>
      </p>
      <h1>{t('myNotes.title')}</h1>
      <p className="lead">{t('myNotes.lead')}</p>
      {notes.isPending && <p role="status">{t('myNotes.loading')}</p>}
      {notes.isError && <p role="alert">{t('myNotes.loadFailed')}</p>}
      {notes.data && notes.data.notes.length === 0 && <p>{t('myNotes.none')}</p>}
      {/* Newest first: the member most often comes to read the note of their last session. */}
      {notes.data?.notes
        .slice()
        .reverse()
        .map((note) => (
          <Note key={note.id} note={note} />
        ))}
    </>
  );
}

function Note({ note: n }: { note: ReleasedNote }) {
  const t = useT();
  const format = useFormat();
  const heading = `note-${n.id}`;
  const who = n.signed.credential ? `${n.signed.name}, ${n.signed.credential}` : n.signed.name;
  const interventions = [
    ...n.groupPart.interventions.map((i) => t(labelKey('intervention', i))),
    ...(n.groupPart.interventionsOther ? [n.groupPart.interventionsOther] : []),
  ];
  return (
    <article aria-labelledby={heading}>
      <h2 id={heading}>
        {t('myNotes.session', {
          group: n.group,
          when: format.sessionTime(n.startsAt, undefined, { groupZone: n.timeZone, shownIn: 'viewer' }),
        })}
      </h2>
      <p className="muted">
        {t('notes.signedBy', { who, when: format.instant(n.signed.at) })}{' '}
        {t('myNotes.sharedOn', { when: format.instant(n.releasedAt) })}
      </p>
      <p>{t(labelKey('memberAttendance', n.attendance))}</p>
      <section className="card">
        <h3>{t('myNotes.aboutYou')}</h3>
        <dl className="details">
          {(NOTE_TEMPLATES[n.template] as readonly NoteSection[]).map((s) => (
            <Fragment key={s}>
              <dt>{t(labelKey('noteSection', s))}</dt>
              <dd>{n.content.sections[s] || t('myNotes.nothingWritten')}</dd>
            </Fragment>
          ))}
          <dt>{t('notes.participation')}</dt>
          <dd>{n.content.participation || t('myNotes.nothingWritten')}</dd>
          <dt>{t('myNotes.goalProgress')}</dt>
          <dd>{n.content.goalProgress || t('myNotes.nothingWritten')}</dd>
          <dt>{t('notes.memberRisk')}</dt>
          <dd>{n.content.risk || t('myNotes.nothingWritten')}</dd>
        </dl>
      </section>
      <section className="card">
        <h3>{t('myNotes.aboutGroup')}</h3>
        <dl className="details">
          <dt>{t('notes.themes')}</dt>
          <dd>{n.groupPart.themes || t('myNotes.nothingWritten')}</dd>
          <dt>{t('notes.interventions')}</dt>
          <dd>{interventions.length ? format.list(interventions) : t('myNotes.nothingWritten')}</dd>
          <dt>{t('notes.groupProcess')}</dt>
          <dd>{n.groupPart.groupProcess || t('myNotes.nothingWritten')}</dd>
          <dt>{t('notes.factors')}</dt>
          <dd>
            {n.groupPart.factors.length
              ? format.list(n.groupPart.factors.map((f) => t(labelKey('therapeuticFactor', f))))
              : t('myNotes.nothingWritten')}
          </dd>
          <dt>{t('notes.groupRisk')}</dt>
          <dd>{n.groupPart.risk || t('myNotes.nothingWritten')}</dd>
        </dl>
      </section>
    </article>
  );
}
