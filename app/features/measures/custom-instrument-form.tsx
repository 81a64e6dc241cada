import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { InstrumentSummary } from '../../api/measures.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextArea } from '../../ui/text-area.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** "0 = Never" lines into answers; a line that does not fit is kept as a label with a bad value. */
function parseOptions(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', ...label] = line.split('=');
      return { value: Number(value.trim()), label: label.join('=').trim() };
    });
}

/** "0-4 Low" lines into bands. */
function parseBands(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(-?[\d.]+)\s*[-–]\s*(-?[\d.]+)\s+(.+)$/.exec(line);
      return match
        ? { min: Number(match[1]), max: Number(match[2]), label: match[3]!.trim() }
        : { min: NaN, max: NaN, label: line };
    });
}

/** A practice's own questionnaire: questions, answers with values, scoring and bands, checked whole by the server. */
export function CustomInstrumentForm({ onDone }: { onDone(message: string): void }) {
  const t = useT();
  const changed = useChanged();
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  // The suggested wording starts in the maker's language; it is theirs to change.
  const [stem, setStem] = useState(() => t('customInstrument.stemDefault'));
  const [items, setItems] = useState('');
  const [options, setOptions] = useState(() => t('customInstrument.optionsDefault'));
  const [bands, setBands] = useState('');
  const [scoring, setScoring] = useState<'sum' | 'mean'>('sum');
  const [direction, setDirection] = useState<'higher-is-worse' | 'higher-is-better'>('higher-is-worse');
  const [purpose, setPurpose] = useState<'outcome' | 'session'>('outcome');
  const make = useMutation({
    mutationFn: () =>
      api<InstrumentSummary>('/api/instruments', {
        method: 'POST',
        body: {
          name,
          shortName,
          stem,
          purpose,
          scoring,
          direction,
          options: parseOptions(options),
          items: items
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
          bands: parseBands(bands),
        },
      }),
    onSuccess: (made) => {
      void changed('practice');
      onDone(t('customInstrument.ready', { name: made.shortName }));
    },
  });
  const labels = {
    name: t('customInstrument.name'),
    shortName: t('customInstrument.shortName'),
    stem: t('customInstrument.stem'),
    items: t('customInstrument.items'),
    options: t('customInstrument.options'),
    bands: t('customInstrument.bands'),
    reliableChange: t('customInstrument.reliableChange'),
  };
  const problems = formProblems(make.error, labels, 'instrument-');
  const fieldProblem = (field: string) =>
    problems?.fields.find((f) => f.field === `instrument-${field}` || f.field.startsWith(`instrument-${field}.`))
      ?.message;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    make.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('customInstrument.notMade')} message={problems.message} fields={problems.fields} />
      )}
      <p className="hint">{t('customInstrument.notValidated')}</p>
      <TextField
        name="instrument-name"
        label={labels.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        problem={fieldProblem('name')}
      />
      <TextField
        name="instrument-shortName"
        label={labels.shortName}
        hint={t('customInstrument.shortNameHint')}
        value={shortName}
        onChange={(e) => setShortName(e.target.value)}
        problem={fieldProblem('shortName')}
      />
      <TextField
        name="instrument-stem"
        label={labels.stem}
        value={stem}
        onChange={(e) => setStem(e.target.value)}
        problem={fieldProblem('stem')}
      />
      <TextArea
        name="instrument-items"
        label={labels.items}
        hint={t('customInstrument.itemsHint')}
        rows={5}
        value={items}
        onChange={(e) => setItems(e.target.value)}
        problem={fieldProblem('items')}
      />
      <TextArea
        name="instrument-options"
        label={labels.options}
        hint={t('customInstrument.optionsHint')}
        rows={4}
        value={options}
        onChange={(e) => setOptions(e.target.value)}
        problem={fieldProblem('options')}
      />
      <div className="field-row">
        <div className="field">
          <label htmlFor="instrument-scoring">{t('customInstrument.scoring')}</label>
          <select
            id="instrument-scoring"
            value={scoring}
            onChange={(e) => setScoring(e.target.value as 'sum' | 'mean')}
          >
            <option value="sum">{t('customInstrument.scoringSum')}</option>
            <option value="mean">{t('customInstrument.scoringMean')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="instrument-direction">{t('customInstrument.direction')}</label>
          <select
            id="instrument-direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as 'higher-is-worse' | 'higher-is-better')}
          >
            <option value="higher-is-worse">{t('customInstrument.directionWorse')}</option>
            <option value="higher-is-better">{t('customInstrument.directionBetter')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="instrument-purpose">{t('customInstrument.purpose')}</label>
          <select
            id="instrument-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as 'outcome' | 'session')}
          >
            <option value="outcome">{t('customInstrument.purposeOutcome')}</option>
            <option value="session">{t('customInstrument.purposeSession')}</option>
          </select>
        </div>
      </div>
      <TextArea
        name="instrument-bands"
        label={labels.bands}
        hint={t('customInstrument.bandsHint')}
        rows={4}
        value={bands}
        onChange={(e) => setBands(e.target.value)}
        problem={fieldProblem('bands')}
      />
      <SubmitButton pending={make.isPending}>{t('customInstrument.submit')}</SubmitButton>
    </form>
  );
}
