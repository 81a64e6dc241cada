import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  choiceFromRule,
  REMINDER_CHOICES,
  ruleFromChoice,
  ScheduleLimit,
  type Repeat,
  type RuleChoice,
} from '../../../domain/schedule.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Schedule } from '../../api/schedule.js';
import { fieldId } from '../../ui/field-frame.js';
import type { MessageKey } from '../../i18n/message-key.js';
import { useT } from '../../i18n/use-t.js';
import { localInZone, useFormat, type Format } from '../../ui/format.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

const REPEAT_WORDS: Record<Repeat | 'none', MessageKey> = {
  weekly: 'scheduleForm.repeat.weekly',
  fortnightly: 'scheduleForm.repeat.fortnightly',
  monthly: 'scheduleForm.repeat.monthly',
  custom: 'scheduleForm.repeat.custom',
  none: 'scheduleForm.repeat.none',
};

/** The label of each field, by the server's field name (the problem summary names fields by it). */
const LABELS = {
  rrule: 'scheduleForm.rrule',
  firstStart: 'scheduleForm.firstStartLabel',
  durationMinutes: 'scheduleForm.durationLabel',
  reminderMinutes: 'scheduleForm.reminderLabel',
} satisfies Record<string, MessageKey>;

/** How long before a session a reminder goes, in the reader's words: "1 day", "3 hours", "30 minutos". */
export function reminderInWords(format: Format, minutes: number): string {
  const [unit, count] =
    minutes % 1_440 === 0
      ? ['day', minutes / 1_440]
      : minutes % 60 === 0
        ? ['hour', minutes / 60]
        : ['minute', minutes];
  return format.number(count, { style: 'unit', unit, unitDisplay: 'long' });
}

/** A group's repeat rule and reminder times, in words; saving changes only sessions still to come. */
export function ScheduleForm({ schedule, onSaved }: { schedule: Schedule; onSaved(message: string): void }) {
  const t = useT();
  const format = useFormat();
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
      // The rule in words comes from the server, already in the reader's language.
      const rule = saved.description
        ? t('scheduleForm.savedRule', { rule: saved.description })
        : t('scheduleForm.saved');
      const first = saved.nextSessionAt
        ? t('scheduleForm.firstPlanned', {
            when: format.sessionTime(saved.nextSessionAt, undefined, { groupZone: saved.timeZone, shownIn: 'group' }),
          })
        : null;
      onSaved(first ? `${rule} ${first}` : rule);
    },
  });
  const problems = formProblems(
    save.error,
    Object.fromEntries(Object.entries(LABELS).map(([field, key]) => [field, t(key)])),
  );
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
        <ProblemSummary title={t('scheduleForm.problems')} message={problems.message} fields={problems.fields} />
      )}
      <div className="field">
        <label htmlFor={fieldId('rrule')}>{t('scheduleForm.rrule')}</label>
        {problemOn('rrule') && <span className="field-problem">{problemOn('rrule')}</span>}
        <select
          id={fieldId('rrule')}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value as Repeat | 'none')}
          aria-invalid={problemOn('rrule') ? true : undefined}
        >
          {(Object.keys(REPEAT_WORDS) as Array<Repeat | 'none'>).map((r) => (
            <option key={r} value={r}>
              {t(REPEAT_WORDS[r])}
            </option>
          ))}
        </select>
      </div>
      {repeat === 'custom' && (
        <TextField
          name="custom"
          label={t('scheduleForm.custom')}
          hint={t('scheduleForm.customHint', { max: ScheduleLimit.maxSessions })}
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
              label={t('scheduleForm.firstDate')}
              hint={t('scheduleForm.firstDateHint', { zone: schedule.timeZone.replace(/_/g, ' ') })}
              type="date"
              value={choice.firstDate}
              onChange={(e) => set({ firstDate: e.target.value })}
              problem={problems?.byField.firstStart}
              required
            />
            <TextField
              name="time"
              label={t('scheduleForm.time')}
              type="time"
              value={choice.time}
              onChange={(e) => set({ time: e.target.value })}
              required
            />
          </div>
          {firstDatePassed && (
            <p className="notice" role="status">
              {t('scheduleForm.firstDatePassed')}
            </p>
          )}
          <fieldset className="field">
            <legend>{t('scheduleForm.ends')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="ends"
                checked={choice.ends === 'never'}
                onChange={() => set({ ends: 'never' })}
              />
              {t('scheduleForm.endsNever')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="ends"
                checked={choice.ends === 'after'}
                onChange={() => set({ ends: 'after' })}
              />
              {t('scheduleForm.endsAfter')}
            </label>
            {choice.ends === 'after' && (
              <TextField
                name="count"
                label={t('scheduleForm.count')}
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
              {t('scheduleForm.endsOn')}
            </label>
            {choice.ends === 'on' && (
              <TextField
                name="until"
                label={t('scheduleForm.until')}
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
        label={t('scheduleForm.duration')}
        type="number"
        inputMode="numeric"
        min={ScheduleLimit.durationMinutes.min}
        max={ScheduleLimit.durationMinutes.max}
        value={duration}
        onChange={(e) => setDuration(e.target.value)}
        problem={problems?.byField.durationMinutes}
      />
      <fieldset className="field">
        <legend>{t('scheduleForm.reminders')}</legend>
        <span className="hint">{t('scheduleForm.remindersHint')}</span>
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
            {t('scheduleForm.reminderBefore', { duration: reminderInWords(format, minutes) })}
          </label>
        ))}
      </fieldset>
      <p className="hint">{t('scheduleForm.savingHint')}</p>
      <SubmitButton pending={save.isPending} pendingLabel={t('scheduleForm.saving')}>
        {t('scheduleForm.save')}
      </SubmitButton>
    </form>
  );
}
