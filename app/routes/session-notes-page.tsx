import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  emptyMemberNote,
  INTERVENTIONS,
  NOTE_TEMPLATES,
  THERAPEUTIC_FACTORS,
  type NoteSection,
} from '../../domain/notes.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import {
  notesKeys,
  notesUrl,
  type GroupNoteContent,
  type MemberNoteContent,
  type ProgressNote,
  type SessionNotes,
} from '../api/notes.js';
import { useAutosave } from '../features/notes/autosave.js';
import { NotePrefill } from '../features/notes/note-prefill.js';
import { SignatureLine } from '../features/notes/signature-line.js';
import { labelKey, shownName } from '../i18n/labels.js';
import type { MessageKey } from '../i18n/i18n.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** A session's notes: the group note once, then each attending member's own part, then sign all. */
export function SessionNotesPage() {
  return <RequireViewer roles={STAFF_ROLES}>{() => <Notes />}</RequireViewer>;
}

function Notes() {
  const t = useT();
  const format = useFormat();
  const { groupId = '', sessionId = '' } = useParams();
  const notes = useQuery({
    queryKey: notesKeys.session(groupId, sessionId),
    queryFn: () => api<SessionNotes>(notesUrl(groupId, sessionId)),
  });
  usePageTitle(notes.data ? t('notes.titleOf', { group: notes.data.session.groupName }) : t('notes.title'));
  if (notes.isPending) return <p role="status">{t('notes.loading')}</p>;
  if (notes.isError) {
    const status = notes.error instanceof ApiError ? notes.error.status : 0;
    return (
      <>
        <h1>{t('notes.title')}</h1>
        <p role="alert">{status === 403 ? t('notes.clinicalOnly') : t('notes.loadFailed')}</p>
        <p>
          <Link to={`/groups/${groupId}/sessions`}>{t('notes.backToSessions')}</Link>
        </p>
      </>
    );
  }
  const data = notes.data;
  return (
    <>
      <p>
        <Link to={`/groups/${groupId}/sessions/${sessionId}`}>{t('notes.backToAttendance')}</Link>
      </p>
      <h1>{t('notes.title')}</h1>
      <p className="lead">
        {t('notes.session', {
          group: data.session.groupName,
          when: format.sessionTime(data.session.startsAt, data.session.endsAt, {
            groupZone: data.session.timeZone,
            shownIn: 'group',
          }),
        })}
      </p>
      {data.unmarked.length > 0 && (
        <p className="notice">
          {t.rich('notes.unmarked', {
            count: data.unmarked.length,
            names: format.list(data.unmarked.map((u) => shownName(t, u.name))),
            link: (chunks) => <Link to={`/groups/${groupId}/sessions/${sessionId}`}>{chunks}</Link>,
          })}
        </p>
      )}
      {data.groupNote ? (
        <Started key={data.groupNote.id} data={data} groupId={groupId} sessionId={sessionId} />
      ) : (
        <Start data={data} groupId={groupId} sessionId={sessionId} />
      )}
    </>
  );
}

function Start({ data, groupId, sessionId }: { data: SessionNotes; groupId: string; sessionId: string }) {
  const t = useT();
  const changed = useChanged();
  const start = useMutation({
    mutationFn: () => api<SessionNotes>(notesUrl(groupId, sessionId), { method: 'POST' }),
    onSuccess: () => void changed({ group: groupId }),
  });
  const attending = data.prefill.attendance.filter((a) => ['present', 'late', 'left-early'].includes(a.status ?? ''));
  return (
    <>
      <NotePrefill prefill={data.prefill} />
      {!data.canWrite ? (
        <p>{t('notes.notStartedReader')}</p>
      ) : (
        <>
          <p>{t('notes.startIntro', { count: attending.length, absent: data.absent.length })}</p>
          {start.error && <ProblemSummary title={t('notes.notStarted')} message={start.error.message} />}
          <p>
            <button
              type="button"
              className="button"
              disabled={start.isPending}
              aria-busy={start.isPending}
              onClick={() => start.mutate()}
            >
              {start.isPending ? t('notes.starting') : t('notes.start')}
            </button>
          </p>
        </>
      )}
    </>
  );
}

/** What each member's editor and the group note hold while the clinician types: saved behind them. */
function Started({ data, groupId, sessionId }: { data: SessionNotes; groupId: string; sessionId: string }) {
  const t = useT();
  const changed = useChanged();
  const url = notesUrl(groupId, sessionId);
  const editable = data.canWrite;
  const [group, setGroup] = useState<GroupNoteContent>(data.groupNote!.content);
  const [own, setOwn] = useState<Record<string, MemberNoteContent>>(() =>
    Object.fromEntries(data.notes.map((n) => [n.memberId, n.content])),
  );
  const drafts = data.notes.filter((n) => n.status === 'draft');
  const [current, setCurrent] = useState<string | null>(drafts[0]?.memberId ?? null);
  const [signedMessage, setSignedMessage] = useState<string | null>(null);
  const autosave = useAutosave<GroupNoteContent | MemberNoteContent>(
    useCallback(
      async (key, value) => {
        if (key === 'group') await api(`${url}/group`, { method: 'PUT', body: { content: value } });
        else await api(`${url}/members/${key}`, { method: 'PUT', body: { content: value } });
      },
      [url],
    ),
  );
  const sign = useMutation({
    mutationFn: async () => {
      await autosave.flush();
      return api<{ signed: number; awaitingCosignature: number }>(`${url}/sign`, { method: 'POST' });
    },
    onSuccess: (result) => {
      setSignedMessage(t('notes.signedAll', { count: result.signed, cosign: result.awaitingCosignature }));
      void changed({ group: groupId });
    },
  });
  const groupEditable = editable && data.groupNote!.status === 'draft';
  const setGroupField = (change: Partial<GroupNoteContent>) => {
    const next = { ...group, ...change };
    setGroup(next);
    autosave.change('group', next);
  };
  const setOwnContent = (memberId: string, next: MemberNoteContent) => {
    setOwn((all) => ({ ...all, [memberId]: next }));
    autosave.change(memberId, next);
  };
  const anyDraft = data.groupNote!.status === 'draft' || drafts.length > 0;

  return (
    <>
      <div role="status" aria-live="polite" className="notes-save-state">
        {autosave.state === 'saving' && <p>{t('notes.saving')}</p>}
        {autosave.state === 'saved' && <p>{t('notes.saved')}</p>}
        {signedMessage && <p className="notice notice--success">{signedMessage}</p>}
      </div>
      {autosave.state === 'failed' && autosave.error && (
        <ProblemSummary title={t('notes.notSaved')} message={autosave.error} />
      )}
      <NotePrefill prefill={data.prefill} />

      <section aria-labelledby="group-note-heading" className="card">
        <h2 id="group-note-heading">{t('notes.groupNote')}</h2>
        {data.groupNote!.signed && <SignatureLine signed={data.groupNote!.signed} />}
        <GroupNoteFields value={group} editable={groupEditable} onChange={setGroupField} />
      </section>

      <section aria-labelledby="member-notes-heading">
        <h2 id="member-notes-heading">{t('notes.memberNotes', { count: data.notes.length })}</h2>
        {data.absent.length > 0 && (
          <p>
            {t('notes.absentNoNote', {
              names: data.absent.map((a) => shownName(t, a.name)).join(', '),
              count: data.absent.length,
            })}
          </p>
        )}
        {data.notes.length === 0 && <p>{t('notes.nobodyAttended')}</p>}
        <MemberEditors
          notes={data.notes}
          own={own}
          current={current}
          setCurrent={setCurrent}
          editable={editable}
          onChange={setOwnContent}
        />
      </section>

      {editable && anyDraft && (
        <section aria-labelledby="sign-heading" className="card">
          <h2 id="sign-heading">{t('notes.signHeading')}</h2>
          <p>{t('notes.signIntro')}</p>
          {sign.error && <ProblemSummary title={t('notes.notSigned')} message={sign.error.message} />}
          <button
            type="button"
            className="button"
            disabled={sign.isPending}
            aria-busy={sign.isPending}
            onClick={() => sign.mutate()}
          >
            {sign.isPending ? t('notes.signing') : t('notes.signAll')}
          </button>
        </section>
      )}
    </>
  );
}

function GroupNoteFields({
  value,
  editable,
  onChange,
}: {
  value: GroupNoteContent;
  editable: boolean;
  onChange: (change: Partial<GroupNoteContent>) => void;
}) {
  const t = useT();
  const text = (field: 'themes' | 'groupProcess' | 'risk' | 'interventionsOther', label: MessageKey, rows = 3) => (
    <div className="field">
      <label htmlFor={`group-${field}`}>{t(label)}</label>
      {field === 'interventionsOther' ? (
        <input
          id={`group-${field}`}
          value={value[field]}
          readOnly={!editable}
          maxLength={500}
          onChange={(e) => onChange({ [field]: e.target.value })}
        />
      ) : (
        <textarea
          id={`group-${field}`}
          rows={rows}
          value={value[field]}
          readOnly={!editable}
          maxLength={4000}
          onChange={(e) => onChange({ [field]: e.target.value })}
        />
      )}
    </div>
  );
  const toggle = <K extends 'interventions' | 'factors'>(field: K, item: GroupNoteContent[K][number]) => {
    const list = value[field] as string[];
    onChange({ [field]: list.includes(item) ? list.filter((x) => x !== item) : [...list, item] });
  };
  return (
    <div className="form form--wide">
      {text('themes', 'notes.themes')}
      <fieldset className="checks">
        <legend>{t('notes.interventions')}</legend>
        {INTERVENTIONS.map((item) => (
          <label key={item} className="check">
            <input
              type="checkbox"
              checked={value.interventions.includes(item)}
              disabled={!editable}
              onChange={() => toggle('interventions', item)}
            />
            {t(labelKey('intervention', item))}
          </label>
        ))}
      </fieldset>
      {text('interventionsOther', 'notes.interventionsOther')}
      {text('groupProcess', 'notes.groupProcess')}
      <fieldset className="checks">
        <legend>{t('notes.factors')}</legend>
        {THERAPEUTIC_FACTORS.map((item) => (
          <label key={item} className="check">
            <input
              type="checkbox"
              checked={value.factors.includes(item)}
              disabled={!editable}
              onChange={() => toggle('factors', item)}
            />
            {t(labelKey('therapeuticFactor', item))}
          </label>
        ))}
      </fieldset>
      {text('risk', 'notes.groupRisk', 2)}
    </div>
  );
}

/**
 * One member at a time, chosen from the list; Alt+↓ and Alt+↑ move to the next and previous
 * member from anywhere in the editor, and focus lands on their first field. What was typed stays
 * in the page's state and is saved behind, so moving never loses a word.
 */
function MemberEditors({
  notes,
  own,
  current,
  setCurrent,
  editable,
  onChange,
}: {
  notes: ProgressNote[];
  own: Record<string, MemberNoteContent>;
  current: string | null;
  setCurrent: (memberId: string) => void;
  editable: boolean;
  onChange: (memberId: string, next: MemberNoteContent) => void;
}) {
  const t = useT();
  const editorRef = useRef<HTMLDivElement>(null);
  const selected = notes.find((n) => n.memberId === current) ?? notes[0];
  if (!selected) return null;
  const index = notes.indexOf(selected);
  const go = (step: number) => {
    const next = notes[index + step];
    if (!next) return;
    setCurrent(next.memberId);
    // After the editor renders the next member, put the cursor in their first field.
    requestAnimationFrame(() => editorRef.current?.querySelector<HTMLElement>('textarea, input')?.focus());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      go(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      go(-1);
    }
  };
  return (
    <div className="notes-members" onKeyDown={onKeyDown}>
      <nav aria-label={t('notes.membersNav')}>
        <ol className="notes-members__list">
          {notes.map((n) => {
            const name = shownName(t, n.displayName ?? n.name);
            return (
              <li key={n.memberId}>
                <button
                  type="button"
                  className="button button--quiet"
                  aria-current={n.memberId === selected.memberId ? 'true' : undefined}
                  onClick={() => setCurrent(n.memberId)}
                >
                  {name}
                  {n.attendance !== 'present' && ` · ${t(labelKey('attendance', n.attendance))}`}
                  {n.status === 'signed' && ` · ${t('notes.signedShort')}`}
                </button>
              </li>
            );
          })}
        </ol>
        <p className="muted">{t('notes.keyboardHint')}</p>
      </nav>
      <div ref={editorRef}>
        <MemberEditor
          key={selected.memberId}
          note={selected}
          value={own[selected.memberId] ?? emptyMemberNote(selected.template)}
          editable={editable && selected.status === 'draft'}
          onChange={(next) => onChange(selected.memberId, next)}
        />
        {index < notes.length - 1 && (
          <p>
            <button type="button" className="button button--quiet" onClick={() => go(1)}>
              {t('notes.nextMember', { name: shownName(t, notes[index + 1]!.displayName ?? notes[index + 1]!.name) })}
            </button>
          </p>
        )}
      </div>
    </div>
  );
}

function MemberEditor({
  note,
  value,
  editable,
  onChange,
}: {
  note: ProgressNote;
  value: MemberNoteContent;
  editable: boolean;
  onChange: (next: MemberNoteContent) => void;
}) {
  const t = useT();
  const name = shownName(t, note.displayName ?? note.name);
  const field = (id: string, label: string, text: string, set: (text: string) => void, rows = 3) => (
    <div className="field" key={id}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={text}
        readOnly={!editable}
        maxLength={4000}
        onChange={(e) => set(e.target.value)}
      />
    </div>
  );
  const id = (part: string) => `member-${note.memberId}-${part}`;
  return (
    <article aria-labelledby={id('heading')} className="card">
      <h3 id={id('heading')}>{t('notes.memberHeading', { name, template: note.template })}</h3>
      <p>
        {t('notes.attendanceWas', { status: t(labelKey('attendance', note.attendance)) })}
        {note.status === 'signed' && (
          <>
            {' · '}
            <Link to={`/notes/${note.id}`}>{t('notes.openSigned', { name })}</Link>
          </>
        )}
        {note.userId && (
          <>
            {' · '}
            <Link to={`/people/${note.userId}/clinical-record`}>{t('clinicalRecord.linkOf', { name })}</Link>
          </>
        )}
      </p>
      {note.signed && <SignatureLine signed={note.signed} />}
      <div className="form form--wide">
        {(NOTE_TEMPLATES[note.template] as readonly NoteSection[]).map((section) =>
          field(id(section), t(labelKey('noteSection', section)), value.sections[section] ?? '', (text) =>
            onChange({ ...value, sections: { ...value.sections, [section]: text } }),
          ),
        )}
        {field(
          id('participation'),
          t('notes.participation'),
          value.participation,
          (text) => onChange({ ...value, participation: text }),
          2,
        )}
        {field(
          id('goalProgress'),
          t('notes.goalProgress'),
          value.goalProgress,
          (text) => onChange({ ...value, goalProgress: text }),
          2,
        )}
        {field(id('risk'), t('notes.memberRisk'), value.risk, (text) => onChange({ ...value, risk: text }), 2)}
      </div>
    </article>
  );
}
