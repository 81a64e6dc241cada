import { useState, type InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
}

/** The id of a field's input, so a problem summary can send focus to it. */
export const fieldId = (name: string) => `field-${name}`;

/** A labelled input whose hint and problem are read out with it by screen readers. */
export function TextField({ label, hint, problem, type = 'text', ...input }: TextFieldProps) {
  const id = fieldId(input.name);
  const [revealed, setRevealed] = useState(false);
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const describedBy = [problemId, hintId].filter(Boolean).join(' ') || undefined;
  const isPassword = type === 'password';
  const control = (
    <input
      id={id}
      type={isPassword && revealed ? 'text' : type}
      aria-describedby={describedBy}
      aria-invalid={problem ? true : undefined}
      {...input}
    />
  );
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
      {isPassword ? (
        <div className="password-row">
          {control}
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={revealed}
            onClick={() => setRevealed((r) => !r)}
          >
            {revealed ? 'Hide' : 'Show'}
            <span className="visually-hidden"> password</span>
          </button>
        </div>
      ) : (
        control
      )}
    </div>
  );
}
