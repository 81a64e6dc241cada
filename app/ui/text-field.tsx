import { useState, type InputHTMLAttributes } from 'react';
import { useT } from '../i18n/use-t.js';
import { FieldFrame } from './field-frame.js';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  name: string;
  label: string;
  hint?: string;
  problem?: string;
}

/** A labelled input; a password field can be shown while typing. */
export function TextField({ label, hint, problem, type = 'text', ...input }: TextFieldProps) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const isPassword = type === 'password';
  return (
    <FieldFrame name={input.name} label={label} hint={hint} problem={problem}>
      {(control) =>
        isPassword ? (
          <div className="password-row">
            <input {...control} type={revealed ? 'text' : 'password'} {...input} />
            <button
              type="button"
              className="button button--quiet"
              aria-pressed={revealed}
              onClick={() => setRevealed((r) => !r)}
            >
              {t.rich(revealed ? 'textField.hidePassword' : 'textField.showPassword', {
                hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
              })}
            </button>
          </div>
        ) : (
          <input {...control} type={type} {...input} />
        )
      }
    </FieldFrame>
  );
}
