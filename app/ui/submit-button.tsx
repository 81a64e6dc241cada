import type { ButtonHTMLAttributes, ReactNode } from 'react';

interface SubmitButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** The form's change is on its way: the button is disabled, so a second click sends nothing. */
  pending: boolean;
  /** What the button says meanwhile ("Saving…"); its usual words when absent. */
  pendingLabel?: ReactNode;
  children: ReactNode;
}

/**
 * The one submit button of every form: disabled while its change is pending (with the server's
 * Idempotency-Key behind it, docs/decisions/0023), so a double click never makes two of anything.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled,
  className = 'button',
  children,
  ...button
}: SubmitButtonProps) {
  return (
    <button type="submit" className={className} disabled={pending || disabled} aria-busy={pending} {...button}>
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
