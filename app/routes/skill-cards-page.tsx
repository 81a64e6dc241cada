import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { LOCALES, LOCALE_NAMES } from '../../domain/locale.js';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { SkillCardLimits } from '../../domain/skills.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import type { Viewer } from '../api/session.js';
import { useSkillCard, useSkillCards, type SkillCard } from '../api/skills.js';
import { SkillCardBody } from '../features/skills/skill-card.js';
import { useT } from '../i18n/use-t.js';
import { fieldId } from '../ui/field-frame.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';
import { TextField } from '../ui/text-field.js';

/** The practice's skill cards: Hearth's own (read-only, copy to adapt) and the practice's, which its clinicians write. */
export function SkillCardsPage() {
  return <RequireViewer>{(viewer) => <Library viewer={viewer} />}</RequireViewer>;
}

/** One card, readable by anyone in the practice (a member opening it from their list, the room in a role-play). */
export function SkillCardPage() {
  return <RequireViewer>{() => <OneCard />}</RequireViewer>;
}

function OneCard() {
  const t = useT();
  const { cardId = '' } = useParams();
  const card = useSkillCard(cardId);
  usePageTitle(card.data?.title ?? t('skills.cards.title'));
  if (card.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (card.isError)
    return (
      <>
        <h1>
          {t(
            card.error instanceof ApiError && card.error.status === 404
              ? 'skills.cards.notFound'
              : 'skills.cards.loadFailed',
          )}
        </h1>
        <p>
          <Link to="/skills">{t('skills.cards.all')}</Link>
        </p>
      </>
    );
  return (
    <>
      <p>
        <Link to="/skills">{t('skills.cards.all')}</Link>
      </p>
      <h1 lang={card.data.language}>{card.data.title}</h1>
      <SkillCardBody card={card.data} headingLevel={2} />
    </>
  );
}

type Editing = { mode: 'new' } | { mode: 'copy'; from: SkillCard } | { mode: 'edit'; card: SkillCard };

function Library({ viewer }: { viewer: Viewer }) {
  const t = useT();
  usePageTitle(t('skills.cards.title'));
  const cards = useSkillCards();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const writes = GROUP_LEAD_ROLES.includes(viewer.practice.role);
  if (cards.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (cards.isError) return <p role="alert">{cards.error.message}</p>;
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  return (
    <>
      <h1>{t('skills.cards.title')}</h1>
      <p className="lead">{t('skills.cards.lead')}</p>
      <div role="status">
        {notice && (
          <p className="notice notice--success" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      {writes && !editing && (
        <p>
          <button type="button" className="button" onClick={() => setEditing({ mode: 'new' })}>
            {t('skills.cards.new')}
          </button>
        </p>
      )}
      {editing && (
        <CardForm key={JSON.stringify(editing)} editing={editing} onDone={done} onCancel={() => setEditing(null)} />
      )}
      <ul className="list list--stacked">
        {cards.data.cards.map((card) => (
          <li key={card.id} className="list__item list__item--stacked">
            <h2 className="card__title" lang={card.language}>
              {card.title}
            </h2>
            <p className="muted">
              {t(card.shipped ? 'skills.cards.shipped' : card.basedOn ? 'skills.cards.adapted' : 'skills.cards.own')}
            </p>
            <details>
              <summary>{t('skills.cards.read', { title: card.title })}</summary>
              <SkillCardBody card={card} headingLevel={3} />
            </details>
            {writes && (
              <div className="button-row">
                {card.shipped ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => setEditing({ mode: 'copy', from: card })}
                  >
                    {t.rich('skills.cards.copy', {
                      title: card.title,
                      hidden: (c) => <span className="visually-hidden">{c}</span>,
                    })}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => setEditing({ mode: 'edit', card })}
                  >
                    {t.rich('skills.cards.edit', {
                      title: card.title,
                      hidden: (c) => <span className="visually-hidden">{c}</span>,
                    })}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function CardForm({
  editing,
  onDone,
  onCancel,
}: {
  editing: Editing;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const changed = useChanged();
  const start = editing.mode === 'edit' ? editing.card : editing.mode === 'copy' ? editing.from : null;
  const [language, setLanguage] = useState(start?.language ?? 'en');
  const [title, setTitle] = useState(start?.title ?? '');
  const [purpose, setPurpose] = useState(start?.purpose ?? '');
  const [steps, setSteps] = useState((start?.steps ?? []).join('\n'));
  const [example, setExample] = useState(start?.example ?? '');
  const [prompt, setPrompt] = useState(start?.prompt ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        language,
        title,
        purpose,
        steps: steps
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        example,
        prompt,
        ...(editing.mode === 'copy' && { basedOn: editing.from.id }),
      };
      return editing.mode === 'edit'
        ? api<SkillCard>(`/api/skills/cards/${editing.card.id}`, { method: 'PUT', body })
        : api<SkillCard>('/api/skills/cards', { method: 'POST', body });
    },
    onSuccess: (card) => {
      void changed('practice');
      onDone(t('skills.cards.saved', { title: card.title }));
    },
  });
  const labels = {
    language: t('skills.cards.language'),
    title: t('skills.cards.cardTitle'),
    purpose: t('skills.cards.purpose'),
    steps: t('skills.cards.steps'),
    example: t('skills.cards.example'),
    prompt: t('skills.cards.prompt'),
  };
  const problems = formProblems(save.error, labels, 'card-');
  const problem = (field: string) => problems?.byField[`body.${field}`];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="card" aria-labelledby="card-form-heading">
      <h2 id="card-form-heading">
        {editing.mode === 'edit'
          ? t('skills.cards.editHeading')
          : editing.mode === 'copy'
            ? t('skills.cards.copyHeading', { title: editing.from.title })
            : t('skills.cards.newHeading')}
      </h2>
      {problems && (
        <ProblemSummary title={t('skills.cards.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form form--wide" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={fieldId('card-language')}>{labels.language}</label>
          <select id={fieldId('card-language')} value={language} onChange={(e) => setLanguage(e.target.value)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          name="card-title"
          label={labels.title}
          value={title}
          maxLength={SkillCardLimits.title.max}
          onChange={(e) => setTitle(e.target.value)}
          problem={problem('title')}
        />
        <TextArea
          name="card-purpose"
          label={labels.purpose}
          rows={2}
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
          problem={problem('purpose')}
        />
        <TextArea
          name="card-steps"
          label={labels.steps}
          hint={t('skills.cards.stepsHint', { max: SkillCardLimits.steps.max })}
          rows={5}
          value={steps}
          onChange={(e) => setSteps(e.target.value)}
          problem={problem('steps')}
        />
        <TextArea
          name="card-example"
          label={labels.example}
          rows={3}
          value={example}
          onChange={(e) => setExample(e.target.value)}
          problem={problem('example')}
        />
        <TextArea
          name="card-prompt"
          label={labels.prompt}
          rows={2}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          problem={problem('prompt')}
        />
        <div className="button-row">
          <SubmitButton pending={save.isPending} pendingLabel={t('skills.cards.saving')}>
            {t('skills.cards.save')}
          </SubmitButton>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t('skills.cards.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
