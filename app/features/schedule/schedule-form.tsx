import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  choiceFromRule,
  REMINDER_CHOICES,
  reminderInWords,
  ruleFromChoice,
  ScheduleLimit,
  type Repeat,
  type RuleChoice,
} from '../../../domain/schedule.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Schedule } from '../../api/schedule.js';
import { fieldId } from '../../ui/field-frame.js';
import { formatSessionTime } from '../../ui/format.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { localInZone } from './session-list.js';

const REPEAT_WORDS: Record<Repeat | 'none', string> = {
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
  monthly: 'Every month, on the same weekday',
  custom: 'A custom repeat rule (RFC 5545)',
  none: 'No repeating sessions: I add each one',
};

const LABELS = {
  rrule: 'How often',
  firstStart: 'First session',
  durationMinutes: 'Length',
  reminderMinutes: 'Reminders',
};

/** A group's repeat rule and reminder times, in words; saving changes only sessions still to come. */
export function ScheduleForm({ schedule, onSaved }: { schedule: Schedule; onSaved(message: string): void }) {
  const changed = useChanged();
  const initial: RuleChoice = schedule.rrule
    ? choiceFromRule(schedule.rrule, schedule.firstStart ?? '')
    : { repeat: 'weekly', firstDate: '', time: '18:00', ends: 'never', count: 12, until: '', custom: '' };
  // Most groups meet weekly: a group without a rule yet starts from that.
  const [repeat, setRepeat] = useState<Repeat | 'none'>(schedule.rrule ? initial.repeat : 'weekly');
  const [choice, setChoice] = useState(initial);
  const [duration, setDuration] = useState(String(schedule.durationMinutes));
  const [reminders, setReminders] = useState<number[]>(schedule.reminderMinutes);
  const set = (change: Partial<RuleChoice>) => setChoice((c) => ({ ...c, ...change }));

  const save = useMutation({
    mutationFn: () =>
      api<Schedule>(`/api/groups/${schedule.groupId}/schedule`, {
        method: 'PUT',
        body: {
          rrule: repeat === 'none' ? null : ruleFromChoice({ ...choice, repeat }),
          firstStart: repeat === 'none' ? null : `${choice.firstDate}T${choice.time}`,
          durationMinutes: Number(duration),
          reminderMinutes: reminders,
        },
      }),
    onSuccess: (saved) => {
      void changed({ group: schedule.groupId });
      const first = saved.nextSessionAt
        ? ` The first planned session is ${formatSessionTime(saved.nextSessionAt)}.`
        : '';
      onSaved(saved.description ? `Saved: ${saved.description}.${first}` : 'Saved.');
    },
  });
  const problems = formProblems(save.error, LABELS);
  // The server names the rule as a whole; show its problem on the part of the form that made it.
  const ruleProblem = problems?.byField.rrule;
  const ruleShownOn =
    repeat === 'custom' ? 'custom' : choice.ends === 'after' ? 'count' : choice.ends === 'on' ? 'until' : 'rrule';
  const problemOn = (part: string) => (ruleProblem && ruleShownOn === part ? ruleProblem : undefined);
  const firstDatePassed =
    repeat !== 'none' &&
    choice.firstDate !== '' &&
    choice.firstDate < localInZone(new Date().toISOString(), schedule.timeZone).date;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title="The schedule was not saved" message={problems.message} fields={problems.fields} />
      )}
      <div className="field">
        <label htmlFor={fieldId('rrule')}>How often</label>
        {problemOn('rrule') && <span className="field-problem">{problemOn('rrule')}</span>}
        <select
          id={fieldId('rrule')}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value as Repeat | 'none')}
          aria-invalid={problemOn('rrule') ? true : undefined}
        >
          {(Object.keys(REPEAT_WORDS) as Array<Repeat | 'none'>).map((r) => (
            <option key={r} value={r}>
              {REPEAT_WORDS[r]}
            </option>
          ))}
        </select>
      </div>
      {repeat === 'custom' && (
        <TextField
          name="custom"
          label="Repeat rule"
          hint="For example FREQ=WEEKLY;BYDAY=MO,TH. Daily, weekly or monthly; at most 520 sessions."
          value={choice.custom}
          onChange={(e) => set({ custom: e.target.value })}
          problem={problemOn('custom')}
          autoComplete="off"
          spellCheck={false}
        />
      )}
      {repeat !== 'none' && (
        <>
          <div className="field-row">
            <TextField
              name="firstStart"
              label="Date of the first session"
              hint={`The group's day follows this date. In ${schedule.timeZone.replace(/_/g, ' ')} time.`}
              type="date"
              value={choice.firstDate}
              onChange={(e) => set({ firstDate: e.target.value })}
              problem={problems?.byField.firstStart}
              required
            />
            <TextField
              name="time"
              label="Start time"
              type="time"
              value={choice.time}
              onChange={(e) => set({ time: e.target.value })}
              required
            />
          </div>
          {firstDatePassed && (
            <p className="notice" role="status">
              This date has passed. Hearth plans sessions from today on: sessions before today are not added, and the
              first planned one is the next date after today. To record a session that already happened, add it as an
              extra session below.
            </p>
          )}
          <fieldset className="field">
            <legend>Ends</legend>
            <label className="radio">
              <input
                type="radio"
                name="ends"
                checked={choice.ends === 'never'}
                onChange={() => set({ ends: 'never' })}
              />
              Keeps going (sessions are planned a year ahead)
            </label>
            <label className="radio">
              <input
                type="radio"
                name="ends"
                checked={choice.ends === 'after'}
                onChange={() => set({ ends: 'after' })}
              />
              After a number of sessions
            </label>
            {choice.ends === 'after' && (
              <TextField
                name="count"
                label="Number of sessions"
                type="number"
                inputMode="numeric"
                min={1}
                max={ScheduleLimit.maxSessions}
                value={String(choice.count)}
                onChange={(e) => set({ count: Number(e.target.value) })}
                problem={problemOn('count')}
              />
            )}
            <label className="radio">
              <input type="radio" name="ends" checked={choice.ends === 'on'} onChange={() => set({ ends: 'on' })} />
              On a date
            </label>
            {choice.ends === 'on' && (
              <TextField
                name="until"
                label="Last possible date"
                type="date"
                value={choice.until}
                onChange={(e) => set({ until: e.target.value })}
                problem={problemOn('until')}
              />
            )}
          </fieldset>
        </>
      )}
      <TextField
        name="durationMinutes"
        label="Length of each session, in minutes"
        type="number"
        inputMode="numeric"
        min={ScheduleLimit.durationMinutes.min}
        max={ScheduleLimit.durationMinutes.max}
        value={duration}
        onChange={(e) => setDuration(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      <fieldset className="field">
        <legend>E-mail reminders before each session</legend>
        <span className="hint">Members and facilitators can each turn them off. Choose up to three.</span>
        {REMINDER_CHOICES.map((minutes) => (
          <label key={minutes} className="checkbox">
            <input
              type="checkbox"
              checked={reminders.includes(minutes)}
              disabled={!reminders.includes(minutes) && reminders.length >= 3}
              onChange={(e) =>
                setReminders((list) => (e.target.checked ? [...list, minutes] : list.filter((m) => m !== minutes)))
              }
            />
            {reminderInWords(minutes)} before
          </label>
        ))}
      </fieldset>
      <p className="hint">
        Saving changes only sessions still to come. Past sessions and their attendance stay as they are.
      </p>
      <SubmitButton pending={save.isPending} pendingLabel="Saving…">
        Save schedule
      </SubmitButton>
    </form>
  );
}
