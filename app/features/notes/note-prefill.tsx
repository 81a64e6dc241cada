import type { SessionNotes } from '../../api/notes.js';
import { labelKey, shownName } from '../../i18n/labels.js';
import type { AttendanceStatus } from '../../../domain/attendance.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/**
 * What Hearth already knows about the session, beside the note: attendance, measures and alerts
 * since the last signed note, and what the live room recorded (check-ins, check-outs, share of voice).
 */
export function NotePrefill({ prefill }: { prefill: SessionNotes['prefill'] }) {
  const t = useT();
  const format = useFormat();
  return (
    <details className="card" open>
      <summary>
        <h2 className="inline-heading">{t('notes.prefill.heading')}</h2>
      </summary>
      <p className="muted">
        {prefill.since ? t('notes.prefill.since', { when: format.instant(prefill.since) }) : t('notes.prefill.all')}
      </p>
      <h3>{t('notes.prefill.attendance')}</h3>
      {prefill.attendance.length === 0 ? (
        <p>{t('notes.prefill.noAttendance')}</p>
      ) : (
        <ul>
          {prefill.attendance.map((a) => (
            <li key={a.memberId}>
              {shownName(t, a.name)}: {a.status ? t(labelKey('attendance', a.status as AttendanceStatus)) : '—'}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('notes.prefill.measures')}</h3>
      {prefill.measures.length === 0 ? (
        <p>{t('notes.prefill.noMeasures')}</p>
      ) : (
        <ul>
          {prefill.measures.map((m, i) => (
            <li key={`${m.memberId}-${i}`}>
              {t('notes.prefill.measure', {
                name: shownName(t, m.name),
                instrument: m.instrument.toUpperCase(),
                total: m.total ?? '—',
                when: format.shortDate(m.submittedAt),
                flag: m.safetyFlag ? 'yes' : 'no',
              })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('notes.prefill.alerts')}</h3>
      {prefill.alerts.length === 0 ? (
        <p>{t('notes.prefill.noAlerts')}</p>
      ) : (
        <ul>
          {prefill.alerts.map((a, i) => (
            <li key={`${a.createdAt}-${i}`}>
              {t('notes.prefill.alert', {
                name: a.name ? shownName(t, a.name) : '—',
                urgency: a.urgency,
                when: format.shortDate(a.createdAt),
                resolved: a.resolved ? 'yes' : 'no',
              })}
            </li>
          ))}
        </ul>
      )}
      <RoomPrefill room={prefill.room} />
    </details>
  );
}

/** The session's live room as its summary told it: check-ins (facilitators-only ones too), check-outs, share of voice. */
function RoomPrefill({ room }: { room: SessionNotes['prefill']['room'] }) {
  const t = useT();
  if (!room)
    return (
      <>
        <h3>{t('notes.prefill.room')}</h3>
        <p>{t('notes.prefill.noRoom')}</p>
      </>
    );
  return (
    <>
      <h3>{t('notes.prefill.room')}</h3>
      <h4>{t('notes.prefill.roomCheckIns')}</h4>
      {room.checkIns.length === 0 ? (
        <p>{t('notes.prefill.noRoomCheckIns')}</p>
      ) : (
        <ul>
          {room.checkIns.map((c) => (
            <li key={c.memberId}>
              {t('notes.prefill.roomCheckIn', {
                name: shownName(t, c.name),
                mood: c.mood,
                word: c.word,
                share: c.share,
              })}
              {c.part && (
                <span className="muted" translate="no">
                  {' · '}
                  {c.part}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('notes.prefill.roomCheckOuts')}</h4>
      {room.checkOuts.length === 0 ? (
        <p>{t('notes.prefill.noRoomCheckOuts')}</p>
      ) : (
        <ul>
          {room.checkOuts.map((c) => (
            <li key={c.memberId}>
              {c.total === null
                ? t('notes.prefill.roomCheckOutNoTotal', { name: shownName(t, c.name) })
                : t('notes.prefill.roomCheckOut', { name: shownName(t, c.name), total: c.total, band: c.band ?? '—' })}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('notes.prefill.roomVoice')}</h4>
      <ul>
        {room.voice.map((v) => {
          const seconds = Math.round(v.seconds);
          return (
            <li key={v.memberId}>
              {t('notes.prefill.roomVoiceLine', {
                name: shownName(t, v.name),
                minutes: Math.floor(seconds / 60),
                seconds: seconds % 60,
                turns: v.turns,
                quiet: v.quiet ? 'yes' : 'no',
              })}
            </li>
          );
        })}
      </ul>
    </>
  );
}
