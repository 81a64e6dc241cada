import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ATTENDANCE_OPENS_MINUTES, ScheduleLimit } from '../../../domain/schedule.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { StaffSession } from '../../api/schedule.js';
import { useT } from '../../i18n/use-t.js';
import { localInZone, useFormat } from '../../ui/format.js';
import { OpenRoomButton, roomMayOpen } from '../room/room-entry.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** Tags that say at a glance what is special about a session. */
export function SessionTags({ session }: { session: StaffSession }) {
  const t = useT();
  return (
    <>
      {session.status === 'cancelled' && <span className="tag tag--attention">{t('sessionList.tag.cancelled')}</span>}
      {session.extra && <span className="tag">{t('sessionList.tag.extra')}</span>}
      {session.movedFrom && <span className="tag">{t('sessionList.tag.moved')}</span>}
    </>
  );
}

/** One session in a group's list, with what its facilitators can do about it. */
export function SessionRow({
  session,
  mayEdit,
  mayOpenRoom,
  now,
  onDone,
}: {
  session: StaffSession;
  mayEdit: boolean;
  /** The group's facilitators open its live room (app/features/room). */
  mayOpenRoom: boolean;
  /** The page's clock (useNow). */
  now: number;
  onDone(message: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const [open, setOpen] = useState<'move' | 'cancel' | 'restore' | null>(null);
  const changed = useChanged();
  const started = Date.parse(session.startsAt) - ATTENDANCE_OPENS_MINUTES * 60_000 <= now;
  const refresh = () => void changed({ group: session.groupId });
  const restore = useMutation({
    mutationFn: () =>
      api<StaffSession>(`/api/groups/${session.groupId}/sessions/${session.id}/cancellation`, { method: 'DELETE' }),
    onSuccess: () => {
      refresh();
      onDone(t('sessionList.restored'));
    },
  });
  // Staff plan a group in its own zone; the zone is named when it is not the viewer's.
  const label = format.sessionTime(session.startsAt, session.endsAt, { groupZone: session.timeZone, shownIn: 'group' });
  return (
    <li className="list__item session-row">
      <div>
        <strong>{label}</strong>
        <SessionTags session={session} />
        {session.status === 'cancelled' && session.cancelNote && (
          <p className="muted">{t('sessionList.cancelNote', { note: session.cancelNote })}</p>
        )}
        {session.noteForMembers && (
          <p className="muted">{t('sessionList.noteForMembers', { note: session.noteForMembers })}</p>
        )}
        {started && session.status === 'scheduled' && (
          <p className="muted">
            {t('sessionList.attendanceRecorded', {
              recorded: session.attendance.recorded,
              expected: session.attendance.expected,
            })}
          </p>
        )}
      </div>
      <div className="roster-actions">
        {mayOpenRoom && roomMayOpen(session, now) && (
          <OpenRoomButton groupId={session.groupId} sessionId={session.id} label={label} />
        )}
        {started && session.status === 'scheduled' && (
          <Link className="button" to={`/groups/${session.groupId}/sessions/${session.id}`}>
            {session.attendance.recorded > 0 ? t('sessionList.attendance') : t('sessionList.takeAttendance')}
            <span className="visually-hidden">, {label}</span>
          </Link>
        )}
        {mayEdit && !started && session.status === 'scheduled' && (
          <>
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={open === 'move'}
              onClick={() => setOpen(open === 'move' ? null : 'move')}
            >
              {t('sessionList.move')}
              <span className="visually-hidden">, {label}</span>
            </button>
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={open === 'cancel'}
              onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
            >
              {t('sessionList.cancel')}
              <span className="visually-hidden">, {label}</span>
            </button>
          </>
        )}
        {mayEdit &&
          !started &&
          session.status === 'cancelled' &&
          (open === 'restore' ? (
            <span className="confirm" role="group" aria-label={t('sessionList.restoreGroup', { when: label })}>
              <span>{t('sessionList.restoreHint')}</span>
              <button type="button" className="button" onClick={() => restore.mutate()} disabled={restore.isPending}>
                {t('sessionList.restoreConfirm')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setOpen(null)}>
                {t('sessionList.keepCancelled')}
              </button>
            </span>
          ) : (
            <button type="button" className="button button--quiet" onClick={() => setOpen('restore')}>
              {t('sessionList.restore')}
              <span className="visually-hidden">, {label}</span>
            </button>
          ))}
      </div>
      {open === 'cancel' && (
        <CancelForm
          session={session}
          onDone={() => {
            setOpen(null);
            refresh();
            onDone(t('sessionList.cancelled'));
          }}
        />
      )}
      {open === 'move' && (
        <MoveForm
          session={session}
          onDone={(moved) => {
            setOpen(null);
            refresh();
            onDone(moved ? t('sessionList.moved') : t('sessionList.saved'));
          }}
        />
      )}
    </li>
  );
}

function CancelForm({ session, onDone }: { session: StaffSession; onDone(): void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      api<StaffSession>(`/api/groups/${session.groupId}/sessions/${session.id}/cancellation`, {
        method: 'PUT',
        body: { note },
      }),
    onSuccess: onDone,
  });
  const prefix = `cancel-${session.id}-`;
  const problems = formProblems(cancel.error, { note: t('sessionList.cancelForm.note') }, prefix);
  return (
    <form
      className="form subsection"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        cancel.mutate();
      }}
    >
      {problems && (
        <ProblemSummary
          title={t('sessionList.cancelForm.problems')}
          message={problems.message}
          fields={problems.fields}
        />
      )}
      <TextArea
        name={`${prefix}note`}
        label={t('sessionList.cancelForm.note')}
        hint={t('sessionList.cancelForm.noteHint')}
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        problem={problems?.byField.note}
        required
      />
      <SubmitButton pending={cancel.isPending}>{t('sessionList.cancelForm.submit')}</SubmitButton>
    </form>
  );
}

function MoveForm({ session, onDone }: { session: StaffSession; onDone(moved: boolean): void }) {
  const t = useT();
  const initial = localInZone(session.startsAt, session.timeZone);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [minutes, setMinutes] = useState(String((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000));
  const [note, setNote] = useState(session.noteForMembers ?? '');
  const change = useMutation({
    mutationFn: () =>
      api<StaffSession>(`/api/groups/${session.groupId}/sessions/${session.id}`, {
        method: 'PATCH',
        body: { startsAt: `${date}T${time}`, durationMinutes: Number(minutes), noteForMembers: note.trim() || null },
      }),
    onSuccess: (changed) => onDone(changed.startsAt !== session.startsAt),
  });
  const prefix = `move-${session.id}-`;
  const problems = formProblems(
    change.error,
    {
      startsAt: t('sessionList.field.startsAt'),
      durationMinutes: t('sessionList.field.duration'),
      noteForMembers: t('sessionList.field.noteForMembers'),
    },
    prefix,
  );
  return (
    <form
      className="form subsection"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      {problems && (
        <ProblemSummary
          title={t('sessionList.moveForm.problems')}
          message={problems.message}
          fields={problems.fields}
        />
      )}
      <div className="field-row">
        <TextField
          name={`${prefix}startsAt`}
          label={t('sessionList.date')}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          problem={problems?.byField.startsAt}
          hint={t('sessionList.inZone', { zone: session.timeZone.replace(/_/g, ' ') })}
        />
        <TextField
          name={`${prefix}time`}
          label={t('sessionList.time')}
          type="time"
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <TextField
        name={`${prefix}durationMinutes`}
        label={t('sessionList.duration')}
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      <TextArea
        name={`${prefix}noteForMembers`}
        label={t('sessionList.moveForm.noteForMembers')}
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        problem={problems?.byField.noteForMembers}
      />
      <SubmitButton pending={change.isPending}>{t('sessionList.moveForm.submit')}</SubmitButton>
    </form>
  );
}

/** Adds a one-off session to a group. */
export function ExtraSessionForm({
  groupId,
  timeZone,
  defaultTime,
  defaultMinutes,
  onDone,
}: {
  groupId: string;
  timeZone: string;
  /** The group's usual start and length, to start from. */
  defaultTime: string;
  defaultMinutes: number;
  onDone(message: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const [date, setDate] = useState('');
  const [time, setTime] = useState(defaultTime);
  const [minutes, setMinutes] = useState(String(defaultMinutes));
  const add = useMutation({
    mutationFn: () =>
      api<StaffSession>(`/api/groups/${groupId}/sessions`, {
        method: 'POST',
        body: { startsAt: `${date}T${time}`, durationMinutes: Number(minutes) },
      }),
    onSuccess: (added) => {
      void changed({ group: groupId });
      setDate('');
      const when = format.sessionTime(added.startsAt, undefined, { groupZone: timeZone, shownIn: 'group' });
      onDone(past ? t('sessionList.extra.recorded', { when }) : t('sessionList.extra.added', { when }));
    },
  });
  // A time that has passed records a session that happened (a forgotten one), for its attendance.
  const now = localInZone(new Date().toISOString(), timeZone);
  const past = date !== '' && `${date}T${time}` <= `${now.date}T${now.time}`;
  const problems = formProblems(
    add.error,
    { startsAt: t('sessionList.field.startsAt'), durationMinutes: t('sessionList.field.duration') },
    'extra-',
  );
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      {problems && (
        <ProblemSummary title={t('sessionList.extra.problems')} message={problems.message} fields={problems.fields} />
      )}
      <div className="field-row">
        <TextField
          name="extra-startsAt"
          label={t('sessionList.date')}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          problem={problems?.byField.startsAt}
          hint={t('sessionList.inZone', { zone: timeZone.replace(/_/g, ' ') })}
          required
        />
        <TextField
          name="extra-time"
          label={t('sessionList.time')}
          type="time"
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <TextField
        name="extra-durationMinutes"
        label={t('sessionList.duration')}
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      {past && (
        <p className="notice" id="extra-past-note">
          {t('sessionList.extra.pastNote', { days: ScheduleLimit.pastRecordDays })}
        </p>
      )}
      <SubmitButton pending={add.isPending} aria-describedby={past ? 'extra-past-note' : undefined}>
        {past ? t('sessionList.extra.record') : t('sessionList.extra.add')}
      </SubmitButton>
    </form>
  );
}
