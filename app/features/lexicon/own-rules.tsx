import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { PracticeRule } from '../../api/lexicon.js';
import { useT } from '../../i18n/use-t.js';
import { CATEGORY_KEYS, LANGUAGE_KEYS, LEVEL_KEYS } from './labels.js';
import { RuleForm } from './rule-form.js';

/** The practice's own rules: owners and admins add, edit and switch them off; clinicians read them. */
export function OwnRules({ rules, canEdit }: { rules: PracticeRule[]; canEdit: boolean }) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="lexicon-own-heading">
      <h2 id="lexicon-own-heading">{t('lexicon.own.heading')}</h2>
      <p>{t(canEdit ? 'lexicon.own.introEditor' : 'lexicon.own.introReader')}</p>
      {rules.length === 0 ? (
        <p className="muted">{t('lexicon.own.none')}</p>
      ) : (
        <ul className="list">
          {rules.map((rule) => (
            <li key={rule.id} className="list__item">
              {editing === rule.id ? (
                <RuleForm rule={rule} onDone={() => setEditing(null)} />
              ) : (
                <RuleRow rule={rule} canEdit={canEdit} onEdit={() => setEditing(rule.id)} />
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <h3>{t('lexicon.own.addHeading')}</h3>
          <RuleForm />
        </>
      )}
    </section>
  );
}

function RuleRow({ rule, canEdit, onEdit }: { rule: PracticeRule; canEdit: boolean; onEdit: () => void }) {
  const t = useT();
  const changed = useChanged();
  const toggle = useMutation({
    mutationFn: () =>
      api<PracticeRule>(`/api/lexicon/rules/${rule.id}`, {
        method: 'PUT',
        body: {
          phrase: rule.phrase,
          category: rule.category,
          language: rule.language,
          level: rule.level,
          enabled: !rule.enabled,
        },
      }),
    onSuccess: () => void changed('practice'),
  });
  return (
    <>
      <p className="card__title">
        <code>{rule.phrase}</code> <span className="tag">{t(rule.enabled ? 'lexicon.own.on' : 'lexicon.own.off')}</span>
      </p>
      <p className="muted">
        {t('lexicon.own.facts', {
          category: t(CATEGORY_KEYS[rule.category]),
          language: t(LANGUAGE_KEYS[rule.language]),
          level: t(LEVEL_KEYS[rule.level]),
        })}
      </p>
      {toggle.error && <p role="alert">{toggle.error.message}</p>}
      {canEdit && (
        <div className="card__actions">
          <button
            type="button"
            className="button button--quiet"
            onClick={onEdit}
            aria-label={t('lexicon.own.editRule', { phrase: rule.phrase })}
          >
            {t('lexicon.own.edit')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate()}
            aria-label={t(rule.enabled ? 'lexicon.own.switchOffRule' : 'lexicon.own.switchOnRule', {
              phrase: rule.phrase,
            })}
          >
            {t(rule.enabled ? 'lexicon.own.switchOff' : 'lexicon.own.switchOn')}
          </button>
        </div>
      )}
    </>
  );
}
