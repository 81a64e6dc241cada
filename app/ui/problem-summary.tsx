import { useEffect, useRef } from 'react';
import type { FieldProblem } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { fieldId } from './field-frame.js';

interface ProblemSummaryProps {
  title: string;
  message?: string;
  fields?: Array<FieldProblem & { label: string }>;
}

/**
 * What needs attention before a form can go through. It takes focus when it appears, so keyboard
 * and screen-reader users land on it, and each item links to its field.
 */
export function ProblemSummary({ title, message, fields = [] }: ProblemSummaryProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [title, message, fields.length]);
  return (
    <div className="notice" role="alert" tabIndex={-1} ref={ref}>
      <h2>{title}</h2>
      {message && <p>{message}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              <a
                href={`#${fieldId(f.field)}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(fieldId(f.field))?.focus();
                }}
              >
                {/* A label that is a question ends in its own mark: "What happened? Fill this in." */}
                {t(/[?!:]$/.test(f.label) ? 'problemSummary.itemAfterQuestion' : 'problemSummary.item', {
                  label: f.label,
                  message: f.message,
                })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
