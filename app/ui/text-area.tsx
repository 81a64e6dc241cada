import type { TextareaHTMLAttributes } from 'react';
import { fieldId } from './text-field.js';

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
}

/** A labelled multi-line field, read out with its hint and problem, like TextField. */
export function TextArea({ label, hint, problem, ...input }: TextAreaProps) {
  const id = fieldId(input.name);
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {problem && (
        <span className="field-problem" id={problemId}>
          {problem}
        </span>
      )}
      <textarea
        id={id}
        aria-describedby={[problemId, hintId].filter(Boolean).join(' ') || undefined}
        aria-invalid={problem ? true : undefined}
        {...input}
      />
    </div>
  );
}
