import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import {
  FORMATS,
  GroupLimits,
  MEETING_MODES,
  MODALITIES,
  type Format,
  type MeetingMode,
  type Modality,
} from '../../../domain/groups.js';
import { api } from '../../api/client.js';
import { groupKeys, type Group, type GroupInput } from '../../api/groups.js';
import { labelKey } from '../../i18n/labels.js';
import type { MessageKey } from '../../i18n/message-key.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** The label of each field, by the server's field name (the problem summary names fields by it). */
const LABELS = {
  name: 'groupForm.name',
  description: 'groupForm.description',
  modality: 'groupForm.modality',
  format: 'groupForm.format',
  capacity: 'groupForm.capacity',
  timeZone: 'groupForm.timeZone',
  meetingMode: 'groupForm.meetingMode',
  place: 'groupForm.place',
  meetingLink: 'groupForm.meetingLink',
  facilitatorIds: 'groupForm.facilitatorIds',
  agreement: 'groupForm.agreement',
  screeningQuestions: 'groupForm.screeningQuestions',
} satisfies Record<string, MessageKey>;

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
  const t = useT();
  const labels = Object.fromEntries(Object.entries(LABELS).map(([field, key]) => [field, t(key)])) as Record<
    keyof typeof LABELS,
    string
  >;
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
  // A new group starts from Hearth's own questions, in the language of the person creating it.
  const [questionsText, setQuestionsText] = useState(() =>
    group ? group.screeningQuestions.join('\n') : t('groupForm.defaultScreeningQuestions'),
  );
  const set = <K extends keyof GroupInput>(key: K, value: GroupInput[K]) => setForm((f) => ({ ...f, [key]: value }));
  const problems = formProblems(error, labels);
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
        <ProblemSummary title={t('groupForm.problems')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form form--wide" onSubmit={submit} noValidate>
        <TextField
          label={labels.name}
          name="name"
          required
          maxLength={GroupLimits.name.max}
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          problem={problems?.byField.name}
        />
        <TextArea
          label={labels.description}
          name="description"
          hint={t('groupForm.descriptionHint')}
          rows={4}
          maxLength={GroupLimits.description.max}
          value={form.description}
          onChange={(e) => set('description', e.target.value)}
          problem={problems?.byField.description}
        />
        <div className="field">
          <label htmlFor="field-modality">{labels.modality}</label>
          <select
            id="field-modality"
            value={form.modality}
            onChange={(e) => set('modality', e.target.value as Modality)}
          >
            {MODALITIES.map((m) => (
              <option key={m} value={m}>
                {t(labelKey('modality', m))}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{labels.format}</legend>
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
              <label htmlFor={`format-${f}`}>{t(labelKey('format', f))}</label>
            </div>
          ))}
        </fieldset>
        <TextField
          label={labels.capacity}
          name="capacity"
          type="number"
          inputMode="numeric"
          min={GroupLimits.capacity.min}
          max={GroupLimits.capacity.max}
          hint={t('groupForm.capacityHint', { min: GroupLimits.capacity.min, max: GroupLimits.capacity.max })}
          value={String(form.capacity)}
          onChange={(e) => set('capacity', Number(e.target.value))}
          problem={problems?.byField.capacity}
        />
        <div className="field">
          <label htmlFor="field-timeZone">{labels.timeZone}</label>
          <span className="hint" id="time-zone-hint">
            {t('groupForm.timeZoneHint')}
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
          <legend>{labels.meetingMode}</legend>
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
              <label htmlFor={`mode-${m}`}>{t(labelKey('meetingMode', m))}</label>
            </div>
          ))}
        </fieldset>
        {needsPlace && (
          <TextField
            label={labels.place}
            name="place"
            hint={t('groupForm.placeHint')}
            value={form.place ?? ''}
            onChange={(e) => set('place', e.target.value)}
            problem={problems?.byField.place}
          />
        )}
        {form.meetingMode !== 'in-person' && (
          <TextField
            label={labels.meetingLink}
            name="meetingLink"
            type="url"
            hint={t('groupForm.meetingLinkHint')}
            value={form.meetingLink ?? ''}
            onChange={(e) => set('meetingLink', e.target.value)}
            problem={problems?.byField.meetingLink}
          />
        )}
        <fieldset className="field" id="field-facilitatorIds" tabIndex={-1}>
          <legend>{labels.facilitatorIds}</legend>
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
                {p.userId === viewerId ? t('groupForm.facilitatorYou', { name: p.name }) : p.name}
              </label>
            </div>
          ))}
        </fieldset>
        <TextArea
          label={labels.agreement}
          name="agreement"
          hint={group ? t('groupForm.agreementHintChange') : t('groupForm.agreementHintNew')}
          rows={8}
          maxLength={GroupLimits.agreement.max}
          value={form.agreement}
          onChange={(e) => set('agreement', e.target.value)}
          problem={problems?.byField.agreement}
        />
        <TextArea
          label={labels.screeningQuestions}
          name="screeningQuestions"
          hint={t('groupForm.screeningQuestionsHint')}
          rows={5}
          value={questionsText}
          onChange={(e) => setQuestionsText(e.target.value)}
          problem={problems?.byField.screeningQuestions}
        />
        <SubmitButton pending={pending} pendingLabel={t('groupForm.saving')}>
          {submitLabel}
        </SubmitButton>
      </form>
    </>
  );
}
