import type { TextareaHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame.js';

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
}

/** A labelled multi-line field. */
export function TextArea({ label, hint, problem, ...input }: TextAreaProps) {
  return (
    <FieldFrame name={input.name} label={label} hint={hint} problem={problem}>
      {(control) => <textarea {...control} {...input} />}
    </FieldFrame>
  );
}
