import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { SampleScreening } from '../../api/lexicon.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';
import { CATEGORY_KEYS, LANGUAGE_KEYS, LEVEL_KEYS, RESULT_KEYS } from './labels.js';

/**
 * Screens a sample text as a post would be, with the practice's own rules: the level, and which
 * rule matched which words. Nothing is posted and the sample's words are not kept.
 */
export function TestBox() {
  const t = useT();
  const [text, setText] = useState('');
  const test = useMutation({
    mutationFn: (sample: string) =>
      api<SampleScreening>('/api/lexicon/test', { method: 'POST', body: { text: sample } }),
  });
  const problems = formProblems(test.error, { text: t('lexicon.test.label') }, 'sample-');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    test.mutate(text);
  };
  const result = test.data;
  return (
    <section className="card" aria-labelledby="lexicon-test-heading">
      <h2 id="lexicon-test-heading">{t('lexicon.test.heading')}</h2>
      <p>{t('lexicon.test.intro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary title={t('lexicon.test.notTested')} message={problems.message} fields={problems.fields} />
        )}
        <TextArea
          name="sample-text"
          label={t('lexicon.test.label')}
          hint={t('lexicon.test.hint')}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          problem={problems?.byField.text}
        />
        <SubmitButton pending={test.isPending}>{t('lexicon.test.submit')}</SubmitButton>
      </form>
      <div role="status" aria-live="polite" className="lexicon-result">
        {result && (
          <>
            <p>
              <strong className={`lexicon-level lexicon-level--${result.level}`}>{t(RESULT_KEYS[result.level])}</strong>
            </p>
            {result.matches.length > 0 && (
              <ul className="list">
                {result.matches.map((m) => (
                  <li key={`${m.ruleId}-${m.span.start}`} className="list__item">
                    <p>
                      <mark>{m.span.text}</mark>{' '}
                      {t('lexicon.test.matched', {
                        level: t(LEVEL_KEYS[m.level]),
                        category: t(CATEGORY_KEYS[m.category]),
                        language: t(LANGUAGE_KEYS[m.language]),
                      })}
                    </p>
                    <p className="muted">
                      {t(m.source === 'practice' ? 'lexicon.test.practiceRule' : 'lexicon.test.hearthRule')}{' '}
                      <code>{m.phrase}</code> <span className="visually-hidden">{t('lexicon.test.ruleId')}</span>
                      <code className="muted">{m.ruleId}</code>
                    </p>
                    {m.negatedBy && <p>{t('lexicon.test.negated', { word: m.negatedBy })}</p>}
                  </li>
                ))}
              </ul>
            )}
            <p className="muted">
              {t('lexicon.test.normalised')} <code>{result.normalised}</code>
            </p>
          </>
        )}
      </div>
    </section>
  );
}
