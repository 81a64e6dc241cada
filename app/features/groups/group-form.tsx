import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import {
  FORMAT_LABELS,
  FORMATS,
  GroupLimits,
  MEETING_MODE_LABELS,
  MEETING_MODES,
  MODALITIES,
  MODALITY_LABELS,
  type Format,
  type MeetingMode,
  type Modality,
} from '../../../domain/groups.js';
import { DEFAULT_SCREENING_QUESTIONS } from '../../../domain/screening.js';
import { api } from '../../api/client.js';
import { groupKeys, type Group, type GroupInput } from '../../api/groups.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description members see',
  modality: 'Kind of group',
  format: 'Format',
  capacity: 'Places',
  timeZone: 'Time zone',
  meetingMode: 'How it meets',
  place: 'Where it meets',
  meetingLink: 'Video meeting link',
  facilitatorIds: 'Facilitators',
  agreement: 'Group agreement',
  screeningQuestions: 'Screening questions',
};

interface GroupFormProps {
  /** The group being changed; absent for a new one. */
  group?: Group;
  /** The signed-in person, chosen as facilitator of a new group. */
  viewerId: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit(input: GroupInput): void;
}

/** The fields of a group, for creating one and for changing one. */
export function GroupForm({ group, viewerId, submitLabel, pending, error, onSubmit }: GroupFormProps) {
  const choices = useQuery({
    queryKey: groupKeys.facilitatorChoices,
    queryFn: () =>
      api<{ people: Array<{ userId: string; name: string; role: string }> }>('/api/groups/facilitator-choices'),
  });
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone')], []);
  const [form, setForm] = useState<GroupInput>(() =>
    group
      ? { ...group, facilitatorIds: group.facilitators.map((f) => f.userId), agreement: group.agreement.text }
      : {
          name: '',
          description: '',
          modality: 'process',
          format: 'closed',
          capacity: GroupLimits.capacity.default,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          meetingMode: 'in-person',
          place: '',
          meetingLink: '',
          facilitatorIds: [viewerId],
          agreement: '',
        },
  );
  const [questionsText, setQuestionsText] = useState(() =>
    (group?.screeningQuestions ?? DEFAULT_SCREENING_QUESTIONS).join('\n'),
  );
  const set = <K extends keyof GroupInput>(key: K, value: GroupInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const problems = formProblems(error, LABELS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const questions = questionsText
      .split('\n')
      .map((q) => q.trim())
      .filter(Boolean);
    onSubmit({
      ...form,
      place: form.place?.trim() || null,
      meetingLink: form.meetingLink?.trim() || null,
      ...(questions.length > 0 && { screeningQuestions: questions }),
    });
  };
  const needsPlace = form.meetingMode !== 'online';

  return (
    <>
      {problems && (
        <ProblemSummary title="Please check the group" message={problems.message} fields={problems.fields} />
      )}
      <form className="form form--wide" onSubmit={submit} noValidate>
        <TextField
          label={LABELS.name!}
          name="name"
          required
          maxLength={GroupLimits.name.max}
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          problem={problems?.byField.name}
        />
        <TextArea
          label={LABELS.description!}
          name="description"
          hint="What the group is for and who it suits, in plain words. Members read this before they join."
          rows={4}
          maxLength={GroupLimits.description.max}
          value={form.description}
          onChange={(e) => set('description', e.target.value)}
          problem={problems?.byField.description}
        />
        <div className="field">
          <label htmlFor="field-modality">{LABELS.modality}</label>
          <select
            id="field-modality"
            value={form.modality}
            onChange={(e) => set('modality', e.target.value as Modality)}
          >
            {MODALITIES.map((m) => (
              <option key={m} value={m}>
                {MODALITY_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{LABELS.format}</legend>
          {FORMATS.map((f) => (
            <div className="radio" key={f}>
              <input
                id={`format-${f}`}
                type="radio"
                name="format"
                value={f}
                checked={form.format === f}
                onChange={() => set('format', f as Format)}
              />
              <label htmlFor={`format-${f}`}>{FORMAT_LABELS[f]}</label>
            </div>
          ))}
        </fieldset>
        <TextField
          label={LABELS.capacity!}
          name="capacity"
          type="number"
          inputMode="numeric"
          min={GroupLimits.capacity.min}
          max={GroupLimits.capacity.max}
          hint={`How many members at most (${GroupLimits.capacity.min} to ${GroupLimits.capacity.max}).`}
          value={String(form.capacity)}
          onChange={(e) => set('capacity', Number(e.target.value))}
          problem={problems?.byField.capacity}
        />
        <div className="field">
          <label htmlFor="field-timeZone">{LABELS.timeZone}</label>
          <span className="hint" id="time-zone-hint">
            Sessions are scheduled in this zone; everyone sees times in their own.
          </span>
          <select
            id="field-timeZone"
            aria-describedby="time-zone-hint"
            value={form.timeZone}
            onChange={(e) => set('timeZone', e.target.value)}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{LABELS.meetingMode}</legend>
          {MEETING_MODES.map((m) => (
            <div className="radio" key={m}>
              <input
                id={`mode-${m}`}
                type="radio"
                name="meetingMode"
                value={m}
                checked={form.meetingMode === m}
                onChange={() => set('meetingMode', m as MeetingMode)}
              />
              <label htmlFor={`mode-${m}`}>{MEETING_MODE_LABELS[m]}</label>
            </div>
          ))}
        </fieldset>
        {needsPlace && (
          <TextField
            label={LABELS.place!}
            name="place"
            hint="An address or room people can find."
            value={form.place ?? ''}
            onChange={(e) => set('place', e.target.value)}
            problem={problems?.byField.place}
          />
        )}
        {form.meetingMode !== 'in-person' && (
          <TextField
            label={LABELS.meetingLink!}
            name="meetingLink"
            type="url"
            hint="Optional. Members see it only shortly before and during a session."
            value={form.meetingLink ?? ''}
            onChange={(e) => set('meetingLink', e.target.value)}
            problem={problems?.byField.meetingLink}
          />
        )}
        <fieldset className="field" id="field-facilitatorIds" tabIndex={-1}>
          <legend>{LABELS.facilitatorIds}</legend>
          {problems?.byField.facilitatorIds && <span className="field-problem">{problems.byField.facilitatorIds}</span>}
          {choices.data?.people.map((p) => (
            <div className="checkbox" key={p.userId}>
              <input
                id={`facilitator-${p.userId}`}
                type="checkbox"
                checked={form.facilitatorIds.includes(p.userId)}
                onChange={(e) =>
                  set(
                    'facilitatorIds',
                    e.target.checked
                      ? [...form.facilitatorIds, p.userId]
                      : form.facilitatorIds.filter((id) => id !== p.userId),
                  )
                }
              />
              <label htmlFor={`facilitator-${p.userId}`}>
                {p.name}
                {p.userId === viewerId ? ' (you)' : ''}
              </label>
            </div>
          ))}
        </fieldset>
        <TextArea
          label={LABELS.agreement!}
          name="agreement"
          hint={
            group
              ? 'Changing it makes a new version: members who accepted an earlier one are asked to read and accept it again at their next visit.'
              : 'What members agree to before they join: confidentiality, how we speak to each other, attendance. Members accept it by name.'
          }
          rows={8}
          maxLength={GroupLimits.agreement.max}
          value={form.agreement}
          onChange={(e) => set('agreement', e.target.value)}
          problem={problems?.byField.agreement}
        />
        <TextArea
          label={LABELS.screeningQuestions!}
          name="screeningQuestions"
          hint="One question per line. People referred to the group answer them before you decide about a place; only staff read the answers."
          rows={5}
          value={questionsText}
          onChange={(e) => setQuestionsText(e.target.value)}
          problem={problems?.byField.screeningQuestions}
        />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          {submitLabel}
        </SubmitButton>
      </form>
    </>
  );
}
