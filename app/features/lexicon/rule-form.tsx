import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  CRISIS_CATEGORIES,
  CRISIS_LANGUAGES,
  CRISIS_PHRASE_MAX,
  type CrisisCategory,
  type CrisisLanguage,
  type CrisisRuleLevel,
} from '../../../domain/crisis-screening.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { PracticeRule } from '../../api/lexicon.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextField } from '../../ui/text-field.js';
import { CATEGORY_KEYS, LANGUAGE_KEYS, LEVEL_KEYS } from './labels.js';

interface RuleFormProps {
  /** The rule being edited; a new rule when absent. */
  rule?: PracticeRule;
  onDone?: () => void;
}

/** Adds a rule of the practice's own, or changes one. */
export function RuleForm({ rule, onDone }: RuleFormProps) {
  const t = useT();
  const changed = useChanged();
  const prefix = rule ? `rule-${rule.id}-` : 'new-rule-';
  const [phrase, setPhrase] = useState(rule?.phrase ?? '');
  const [category, setCategory] = useState<CrisisCategory>(rule?.category ?? 'suicide');
  const [language, setLanguage] = useState<CrisisLanguage>(rule?.language ?? (t.locale === 'es' ? 'es' : 'en'));
  const [level, setLevel] = useState<CrisisRuleLevel>(rule?.level ?? 'urgent');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      rule
        ? api<PracticeRule>(`/api/lexicon/rules/${rule.id}`, {
            method: 'PUT',
            body: { phrase, category, language, level, enabled: rule.enabled },
          })
        : api<PracticeRule>('/api/lexicon/rules', { method: 'POST', body: { phrase, category, language, level } }),
    onSuccess: () => {
      if (!rule) {
        setPhrase('');
        setSaved(true);
      }
      void changed('practice');
      onDone?.();
    },
  });
  const labels = {
    phrase: t('lexicon.form.phrase'),
    category: t('lexicon.form.category'),
    language: t('lexicon.form.language'),
    level: t('lexicon.form.level'),
  };
  const problems = formProblems(save.error, labels, prefix);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('lexicon.form.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <TextField
        name={`${prefix}phrase`}
        label={labels.phrase}
        hint={t('lexicon.form.phraseHint')}
        maxLength={CRISIS_PHRASE_MAX}
        value={phrase}
        onChange={(e) => setPhrase(e.target.value)}
        problem={problems?.byField.phrase}
      />
      <div className="field-row">
        <div className="field">
          <label htmlFor={`field-${prefix}category`}>{labels.category}</label>
          <select
            id={`field-${prefix}category`}
            value={category}
            onChange={(e) => setCategory(e.target.value as CrisisCategory)}
          >
            {CRISIS_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(CATEGORY_KEYS[c])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`field-${prefix}language`}>{labels.language}</label>
          <select
            id={`field-${prefix}language`}
            value={language}
            onChange={(e) => setLanguage(e.target.value as CrisisLanguage)}
          >
            {CRISIS_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(LANGUAGE_KEYS[l])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`field-${prefix}level`}>{labels.level}</label>
          <select
            id={`field-${prefix}level`}
            value={level}
            onChange={(e) => setLevel(e.target.value as CrisisRuleLevel)}
          >
            <option value="urgent">{t(LEVEL_KEYS.urgent)}</option>
            <option value="flag">{t(LEVEL_KEYS.flag)}</option>
          </select>
        </div>
      </div>
      <div role="status">{saved && <p className="notice notice--success">{t('lexicon.form.added')}</p>}</div>
      <div className="actions">
        <SubmitButton pending={save.isPending}>{t(rule ? 'lexicon.form.save' : 'lexicon.form.add')}</SubmitButton>
        {onDone && (
          <button type="button" className="button button--quiet" onClick={onDone}>
            {t('lexicon.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
