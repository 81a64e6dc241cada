import type { ReactNode } from 'react';

/** The id of a field's control, so a problem summary can send focus to it. */
export const fieldId = (name: string) => `field-${name}`;

interface FieldFrameProps {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
  /** The control, given the attributes that tie it to its label, hint and problem. */
  children(control: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': true | undefined;
  }): ReactNode;
}

/** Label, hint and problem around one control, read out together by screen readers. */
export function FieldFrame({ name, label, hint, problem, children }: FieldFrameProps) {
  const id = fieldId(name);
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
      {children({
        id,
        'aria-describedby': [problemId, hintId].filter(Boolean).join(' ') || undefined,
        'aria-invalid': problem ? true : undefined,
      })}
    </div>
  );
}
