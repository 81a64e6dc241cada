import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../domain/attendance.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { ATTENDANCE_OPENS_MINUTES } from '../../domain/schedule.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { scheduleKeys, type AttendanceSheet } from '../api/schedule.js';
import type { Viewer } from '../api/session.js';
import { BillSession } from '../features/billing/bill-session.js';
import { mayEditGroup, readsClinical } from '../features/groups/group-access.js';
import { labelKey } from '../i18n/labels.js';
import { shownName } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { useNow } from '../ui/use-now.js';
import { SubmitButton } from '../ui/submit-button.js';

type Marks = Record<string, { status: AttendanceStatus | null; note: string }>;

/** Taking attendance: everyone the session expected on one screen, by keyboard or thumb. */
export function AttendancePage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <Attendance viewer={viewer} />}</RequireViewer>;
}

function Attendance({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const { groupId = '', sessionId = '' } = useParams();
  const now = useNow();
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const sheet = useQuery({
    queryKey: scheduleKeys.sheet(groupId, sessionId),
    queryFn: () => api<AttendanceSheet>(`/api/groups/${groupId}/sessions/${sessionId}/attendance`),
  });
  const title = sheet.data ? t('attendance.titleOf', { group: sheet.data.session.groupName }) : t('attendance.title');
  usePageTitle(title);

  if (sheet.isPending || group.isPending) return <p role="status">{t('attendance.loading')}</p>;
  if (sheet.isError || group.isError) {
    const error = sheet.error ?? group.error;
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        <h1>{missing ? t('attendance.notFound') : t('attendance.loadFailed')}</h1>
        <p>
          <Link to={`/groups/${groupId}/sessions`}>{t('attendance.backToSessions')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <AttendanceForm
        groupId={groupId}
        sessionId={sessionId}
        sheet={sheet.data}
        notes={readsClinical(viewer, group.data)}
      />
      {mayEditGroup(viewer, group.data) &&
        sheet.data.session.status === 'scheduled' &&
        Date.parse(sheet.data.session.startsAt) <= now && <BillSession group={group.data} sheet={sheet.data} />}
    </>
  );
}

/** The sheet; notes (clinical) only for the group's clinicians, while anyone who runs the practice may mark who came. */
function AttendanceForm({
  groupId,
  sessionId,
  sheet,
  notes,
}: {
  groupId: string;
  sessionId: string;
  sheet: AttendanceSheet;
  notes: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const now = useNow();
  // What the live room suggests from who was there (app/features/room/room-summary.tsx): it fills
  // only marks not yet recorded, and nothing is saved until the facilitator confirms.
  const suggested = (useLocation().state as { suggested?: Record<string, AttendanceStatus> } | null)?.suggested;
  // The marks as loaded; after a save the query refreshes but the form keeps what was typed.
  const [marks, setMarks] = useState<Marks>(() =>
    Object.fromEntries(
      sheet.entries.map((e) => [
        e.memberId,
        { status: e.status ?? suggested?.[e.memberId] ?? null, note: e.note ?? '' },
      ]),
    ),
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<void>(`/api/groups/${groupId}/sessions/${sessionId}/attendance`, {
        method: 'PUT',
        body: {
          marks: Object.entries(marks)
            .filter(([, m]) => m.status)
            .map(([memberId, m]) => ({ memberId, status: m.status, ...(m.note.trim() && { note: m.note.trim() }) })),
        },
      }),
    onSuccess: () => {
      setSaved(true);
      void changed({ group: groupId });
    },
  });
  const { session, entries } = sheet;
  const set = (memberId: string, change: Partial<Marks[string]>) => {
    setSaved(false);
    setMarks((all) => ({ ...all, [memberId]: { ...all[memberId]!, ...change } }));
  };
  const unmarked = entries.filter((e) => !marks[e.memberId]?.status).length;
  const notOpen = Date.parse(session.opensAt) > now;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <>
      <p>
        <Link to={`/groups/${groupId}/sessions`}>{t('attendance.backToGroup', { group: session.groupName })}</Link>
      </p>
      <h1>{t('attendance.title')}</h1>
      <p className="lead">
        {t('attendance.session', {
          group: session.groupName,
          when: format.sessionTime(session.startsAt, session.endsAt, {
            groupZone: session.timeZone,
            shownIn: 'group',
          }),
        })}
      </p>
      {session.status === 'cancelled' && <p className="notice">{t('attendance.cancelled')}</p>}
      {notOpen && session.status === 'scheduled' && (
        <p className="notice">{t('attendance.notOpen', { minutes: ATTENDANCE_OPENS_MINUTES })}</p>
      )}
      {suggested && !saved && <p className="notice">{t('room.summary.suggestedNotice')}</p>}
      {entries.length === 0 && <p>{t('attendance.nobody')}</p>}
      {!notes && entries.length > 0 && <p>{t('attendance.noNotes')}</p>}
      {save.error && <ProblemSummary title={t('attendance.notSaved')} message={save.error.message} />}
      <div role="status">
        {saved && (
          <p className="notice notice--success">
            {t('attendance.saved', { marked: entries.length - unmarked, total: entries.length })}
          </p>
        )}
      </div>
      {notes && session.status === 'scheduled' && !notOpen && (
        <p>
          <Link to={`/groups/${groupId}/sessions/${sessionId}/notes`}>{t('notes.fromAttendance')}</Link>
        </p>
      )}
      {entries.length > 0 && session.status === 'scheduled' && !notOpen && (
        <form className="form form--wide" onSubmit={onSubmit} noValidate>
          {unmarked > 0 && (
            <p>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  for (const e of entries) if (!marks[e.memberId]?.status) set(e.memberId, { status: 'present' });
                }}
              >
                {t('attendance.markRest', { count: unmarked })}
              </button>
            </p>
          )}
          {entries.map((entry) => {
            const mark = marks[entry.memberId] ?? { status: null, note: '' };
            const noteId = `note-${entry.memberId}`;
            return (
              <fieldset key={entry.memberId} className="attendance-entry">
                <legend>
                  {shownName(t, entry.displayName ?? entry.name)}
                  {entry.displayName && <span className="muted"> ({shownName(t, entry.name)})</span>}
                </legend>
                <div className="segmented">
                  {ATTENDANCE_STATUSES.map((status) => (
                    <label key={status} className="segmented__option">
                      <input
                        type="radio"
                        name={`status-${entry.memberId}`}
                        value={status}
                        checked={mark.status === status}
                        onChange={() => set(entry.memberId, { status })}
                      />
                      {t(labelKey('attendance', status))}
                    </label>
                  ))}
                </div>
                {notes && (
                  <details open={Boolean(mark.note)}>
                    <summary>{t('attendance.note')}</summary>
                    <label htmlFor={noteId} className="visually-hidden">
                      {t('attendance.noteAbout', { name: entry.displayName ?? entry.name })}
                    </label>
                    <textarea
                      id={noteId}
                      rows={2}
                      maxLength={500}
                      value={mark.note}
                      onChange={(e) => set(entry.memberId, { note: e.target.value })}
                    />
                  </details>
                )}
              </fieldset>
            );
          })}
          <SubmitButton
            pending={save.isPending}
            disabled={unmarked === entries.length}
            pendingLabel={t('attendance.saving')}
          >
            {t('attendance.save')}
          </SubmitButton>
        </form>
      )}
    </>
  );
}
