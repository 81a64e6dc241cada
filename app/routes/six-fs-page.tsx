import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { IfsLimit, SIX_FS, type SixFs } from '../../domain/ifs.js';
import { SIX_FS_WORDS } from '../features/self-care/ifs-words.js';
import { useIfsMutations, useMyIfs } from '../features/self-care/use-ifs.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TextArea } from '../ui/text-area.js';
import { TextField } from '../ui/text-field.js';

/** A guided 6 Fs reflection: one step a screen, saved as the member goes, so a reload returns them there. */
export function SixFsPage() {
  return <RequireViewer>{() => <SixFsLoader />}</RequireViewer>;
}

function SixFsLoader() {
  const t = useT();
  const { itemId = '' } = useParams();
  const items = useMyIfs();
  if (items.isPending) return <p role="status">{t('ifs.loading')}</p>;
  if (items.isError) return <p role="alert">{items.error.message}</p>;
  const item = items.data.items.find((i) => i.id === itemId);
  if (!item || item.kind !== 'sixFs')
    return (
      <>
        <h1>{t('ifs.kind.sixFs')}</h1>
        <p>{t('ifs.notFound')}</p>
        <Link to="/reflect">{t('ifs.back')}</Link>
      </>
    );
  return <SixFsSteps id={item.id} start={item.content} />;
}

function SixFsSteps({ id, start }: { id: string; start: SixFs }) {
  const t = useT();
  const navigate = useNavigate();
  const { save } = useIfsMutations();
  const [reflection, setReflection] = useState<SixFs>(start);
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  const step = SIX_FS[reflection.step]!;
  const words = SIX_FS_WORDS[step];
  usePageTitle(t('ifs.sixFs.pageTitle', { number: reflection.step + 1, step: t(words.title) }));

  // Saved a moment after the member stops typing, and at once on every step.
  const persist = (next: SixFs) =>
    save.mutate(
      { id, input: { kind: 'sixFs', content: next } },
      { onSuccess: () => setStatus(t('ifs.saved')), onError: () => setStatus(t('ifs.notSaved')) },
    );
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => persist(reflection), 700);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reflection.answers, reflection.part]);

  // Whatever was said about the last save no longer holds once the member writes again.
  const edit = (next: SixFs) => {
    setStatus('');
    setReflection(next);
  };

  const go = (to: number) => {
    const next = { ...reflection, step: to };
    setReflection(next);
    persist(next);
    heading.current?.focus();
  };

  return (
    <>
      <p className="muted">{t('ifs.sixFs.progress', { number: reflection.step + 1, count: SIX_FS.length })}</p>
      <h1 ref={heading} tabIndex={-1}>
        {t(words.title)}
      </h1>
      <p className="notice">{t('ifs.notTherapy')}</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (reflection.step < SIX_FS.length - 1) go(reflection.step + 1);
          else {
            persist(reflection);
            void navigate('/reflect', { state: { notice: t('ifs.sixFs.done') } });
          }
        }}
      >
        {reflection.step === 0 && (
          <TextField
            name="part"
            label={t('ifs.sixFs.part')}
            hint={t('ifs.sixFs.partHint')}
            maxLength={IfsLimit.partName}
            value={reflection.part}
            onChange={(e) => edit({ ...reflection, part: e.target.value })}
          />
        )}
        <TextArea
          key={step}
          name={`answers.${step}`}
          label={t(words.prompt)}
          hint={t('ifs.sixFs.skipHint')}
          rows={6}
          maxLength={IfsLimit.answer}
          value={reflection.answers[step] ?? ''}
          onChange={(e) => edit({ ...reflection, answers: { ...reflection.answers, [step]: e.target.value } })}
        />
        <p role="status" className="muted">
          {save.isPending ? t('ifs.saving') : status}
        </p>
        <div className="actions">
          {reflection.step > 0 && (
            <button type="button" className="button button--quiet" onClick={() => go(reflection.step - 1)}>
              {t('ifs.sixFs.back')}
            </button>
          )}
          <button type="submit" className="button">
            {reflection.step < SIX_FS.length - 1 ? t('ifs.sixFs.next') : t('ifs.sixFs.finish')}
          </button>
        </div>
      </form>
      <p>
        <Link to="/reflect">{t('ifs.back')}</Link>
      </p>
    </>
  );
}
