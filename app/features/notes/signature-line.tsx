import type { Signed } from '../../api/notes.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** "Signed by Maya Okafor, LCSW, on 3 Nov 2026, 19:42": a signature as the record shows it, with its hash. */
export function SignatureLine({ signed, kind = 'signed' }: { signed: Signed; kind?: 'signed' | 'cosigned' }) {
  const t = useT();
  const format = useFormat();
  const who = signed.credential ? `${signed.name}, ${signed.credential}` : signed.name;
  return (
    <p className="signature">
      {t(kind === 'signed' ? 'notes.signedBy' : 'notes.cosignedBy', { who, when: format.instant(signed.at) })}{' '}
      <span className="muted">{t('notes.hash', { hash: signed.hash.slice(0, 12) })}</span>
    </p>
  );
}
