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

const LABELS = {
  name: 'Name',
  shortName: 'Short name',
  stem: 'What the questions ask about',
  items: 'Questions',
  options: 'Answers',
  bands: 'Bands',
  reliableChange: 'Reliable change',
};

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
  const changed = useChanged();
  // A practice writes its own questionnaire in the language it works in; members read it as written.
  const writtenIn = useT().locale;
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [stem, setStem] = useState('Over the last week:');
  const [items, setItems] = useState('');
  const [options, setOptions] = useState('0 = Never\n1 = Sometimes\n2 = Often\n3 = Always');
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
          language: writtenIn,
        },
      }),
    onSuccess: (made) => {
      void changed('practice');
      onDone(`${made.shortName} is ready: add it to a group's questionnaires below.`);
    },
  });
  const problems = formProblems(make.error, LABELS, 'instrument-');
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
        <ProblemSummary title="The questionnaire was not made" message={problems.message} fields={problems.fields} />
      )}
      <p className="hint">
        Your own questionnaires are marked as not validated. Do not copy licensed questionnaires unless your practice
        holds the licence.
      </p>
      <TextField
        name="instrument-name"
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        problem={fieldProblem('name')}
      />
      <TextField
        name="instrument-shortName"
        label="Short name"
        hint="Shown on charts, for example “Sleep”."
        value={shortName}
        onChange={(e) => setShortName(e.target.value)}
        problem={fieldProblem('shortName')}
      />
      <TextField
        name="instrument-stem"
        label="What the questions ask about"
        value={stem}
        onChange={(e) => setStem(e.target.value)}
        problem={fieldProblem('stem')}
      />
      <TextArea
        name="instrument-items"
        label="Questions"
        hint="One per line."
        rows={5}
        value={items}
        onChange={(e) => setItems(e.target.value)}
        problem={fieldProblem('items')}
      />
      <TextArea
        name="instrument-options"
        label="Answers"
        hint="One per line, its value first: “0 = Never”."
        rows={4}
        value={options}
        onChange={(e) => setOptions(e.target.value)}
        problem={fieldProblem('options')}
      />
      <div className="field-row">
        <div className="field">
          <label htmlFor="instrument-scoring">Score</label>
          <select
            id="instrument-scoring"
            value={scoring}
            onChange={(e) => setScoring(e.target.value as 'sum' | 'mean')}
          >
            <option value="sum">The sum of the answers</option>
            <option value="mean">The mean of the answers</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="instrument-direction">A higher score means</label>
          <select
            id="instrument-direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as 'higher-is-worse' | 'higher-is-better')}
          >
            <option value="higher-is-worse">More difficulty</option>
            <option value="higher-is-better">More wellbeing</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="instrument-purpose">Used for</label>
          <select
            id="instrument-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as 'outcome' | 'session')}
          >
            <option value="outcome">Progress over time</option>
            <option value="session">How a session went</option>
          </select>
        </div>
      </div>
      <TextArea
        name="instrument-bands"
        label="Bands"
        hint="One per line, lowest first, covering every score without gaps: “0-4 Low”."
        rows={4}
        value={bands}
        onChange={(e) => setBands(e.target.value)}
        problem={fieldProblem('bands')}
      />
      <SubmitButton pending={make.isPending}>Make this questionnaire</SubmitButton>
    </form>
  );
}
