import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ATTENDANCE_OPENS_MINUTES, ScheduleLimit } from '../../../domain/schedule.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { StaffSession } from '../../api/schedule.js';
import { formatSessionTime, groupLocalTime } from '../../ui/format.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** An instant's local date and time in its group's zone, as the session forms edit it. */
export function localInZone(iso: string, zone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** Tags that say at a glance what is special about a session. */
export function SessionTags({ session }: { session: StaffSession }) {
  return (
    <>
      {session.status === 'cancelled' && <span className="tag tag--attention">Cancelled</span>}
      {session.extra && <span className="tag">Extra</span>}
      {session.movedFrom && <span className="tag">Moved</span>}
    </>
  );
}

/** One session in a group's list, with what its facilitators can do about it. */
export function SessionRow({
  session,
  mayEdit,
  now,
  onDone,
}: {
  session: StaffSession;
  mayEdit: boolean;
  /** The page's clock (useNow). */
  now: number;
  onDone(message: string): void;
}) {
  const [open, setOpen] = useState<'move' | 'cancel' | 'restore' | null>(null);
  const changed = useChanged();
  const started = Date.parse(session.startsAt) - ATTENDANCE_OPENS_MINUTES * 60_000 <= now;
  const local = groupLocalTime(session.startsAt, session.timeZone);
  const refresh = () => void changed({ group: session.groupId });
  const restore = useMutation({
    mutationFn: () =>
      api<StaffSession>(`/api/groups/${session.groupId}/sessions/${session.id}/cancellation`, { method: 'DELETE' }),
    onSuccess: () => {
      refresh();
      onDone('The session is back on. Members and facilitators are being told.');
    },
  });
  const label = formatSessionTime(session.startsAt, session.endsAt);
  return (
    <li className="list__item session-row">
      <div>
        <strong>{label}</strong>
        <SessionTags session={session} />
        {local && <span className="muted"> · {local}</span>}
        {session.status === 'cancelled' && session.cancelNote && (
          <p className="muted">Note to members: {session.cancelNote}</p>
        )}
        {session.noteForMembers && <p className="muted">For this session: {session.noteForMembers}</p>}
        {started && session.status === 'scheduled' && (
          <p className="muted">
            Attendance: {session.attendance.recorded} of {session.attendance.expected} recorded
          </p>
        )}
      </div>
      <div className="roster-actions">
        {started && session.status === 'scheduled' && (
          <Link className="button" to={`/groups/${session.groupId}/sessions/${session.id}`}>
            {session.attendance.recorded > 0 ? 'Attendance' : 'Take attendance'}
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
              Move or change<span className="visually-hidden">, {label}</span>
            </button>
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={open === 'cancel'}
              onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
            >
              Cancel session<span className="visually-hidden">, {label}</span>
            </button>
          </>
        )}
        {mayEdit &&
          !started &&
          session.status === 'cancelled' &&
          (open === 'restore' ? (
            <span className="confirm" role="group" aria-label={`Put back on: ${label}`}>
              <span>Everyone is told by e-mail that it is back on.</span>
              <button type="button" className="button" onClick={() => restore.mutate()} disabled={restore.isPending}>
                Put it back on
              </button>
              <button type="button" className="button button--quiet" onClick={() => setOpen(null)}>
                Keep it cancelled
              </button>
            </span>
          ) : (
            <button type="button" className="button button--quiet" onClick={() => setOpen('restore')}>
              Put back on<span className="visually-hidden">, {label}</span>
            </button>
          ))}
      </div>
      {open === 'cancel' && (
        <CancelForm
          session={session}
          onDone={() => {
            setOpen(null);
            refresh();
            onDone('Cancelled. Members and facilitators are being told by e-mail now.');
          }}
        />
      )}
      {open === 'move' && (
        <MoveForm
          session={session}
          onDone={(moved) => {
            setOpen(null);
            refresh();
            onDone(moved ? 'Moved. Members and facilitators are being told by e-mail now.' : 'Saved.');
          }}
        />
      )}
    </li>
  );
}

function CancelForm({ session, onDone }: { session: StaffSession; onDone(): void }) {
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
  const problems = formProblems(cancel.error, { note: 'Note for members' }, prefix);
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
        <ProblemSummary title="The session was not cancelled" message={problems.message} fields={problems.fields} />
      )}
      <TextArea
        name={`${prefix}note`}
        label="Note for members"
        hint="Members read this in their e-mail and in Hearth. For example: why, and when you meet next."
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        problem={problems?.byField.note}
        required
      />
      <SubmitButton pending={cancel.isPending}>Cancel this session and tell everyone</SubmitButton>
    </form>
  );
}

function MoveForm({ session, onDone }: { session: StaffSession; onDone(moved: boolean): void }) {
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
    { startsAt: 'Date and time', durationMinutes: 'Length', noteForMembers: 'What to bring or know' },
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
        <ProblemSummary title="The session was not changed" message={problems.message} fields={problems.fields} />
      )}
      <div className="field-row">
        <TextField
          name={`${prefix}startsAt`}
          label="Date"
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          problem={problems?.byField.startsAt}
          hint={`In ${session.timeZone.replace(/_/g, ' ')} time.`}
        />
        <TextField
          name={`${prefix}time`}
          label="Start time"
          type="time"
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <TextField
        name={`${prefix}durationMinutes`}
        label="Length, in minutes"
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      <TextArea
        name={`${prefix}noteForMembers`}
        label="What to bring or know (optional)"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        problem={problems?.byField.noteForMembers}
      />
      <SubmitButton pending={change.isPending}>Save this session</SubmitButton>
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
      onDone(
        past
          ? `Recorded ${formatSessionTime(added.startsAt)} as a past session. You can mark its attendance now.`
          : `Added ${formatSessionTime(added.startsAt)}. Members are being told.`,
      );
    },
  });
  // A time that has passed records a session that happened (a forgotten one), for its attendance.
  const now = localInZone(new Date().toISOString(), timeZone);
  const past = date !== '' && `${date}T${time}` <= `${now.date}T${now.time}`;
  const problems = formProblems(add.error, { startsAt: 'Date and time', durationMinutes: 'Length' }, 'extra-');
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
        <ProblemSummary title="The session was not added" message={problems.message} fields={problems.fields} />
      )}
      <div className="field-row">
        <TextField
          name="extra-startsAt"
          label="Date"
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          problem={problems?.byField.startsAt}
          hint={`In ${timeZone.replace(/_/g, ' ')} time.`}
          required
        />
        <TextField
          name="extra-time"
          label="Start time"
          type="time"
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <TextField
        name="extra-durationMinutes"
        label="Length, in minutes"
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      {past && (
        <p className="notice" id="extra-past-note">
          This time has passed. The session will be added to the group’s record so you can mark its attendance. Members
          are not told and no reminders go out. Sessions of the last {ScheduleLimit.pastRecordDays} days can be
          recorded.
        </p>
      )}
      <SubmitButton pending={add.isPending} aria-describedby={past ? 'extra-past-note' : undefined}>
        {past ? 'Record this past session' : 'Add this session'}
      </SubmitButton>
    </form>
  );
}
