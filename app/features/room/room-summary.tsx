import { Link } from 'react-router';
import type { AttendanceStatus } from '../../../domain/attendance.js';
import { attendanceSuggestion, quietMembers, voiceUntil, type RoomState } from '../../../domain/room.js';
import type { RoomInfo } from '../../api/room.js';
import { labelKey } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { nameOf } from './room-words.js';

/** What the room suggests for the attendance sheet, by member id, for the facilitator to confirm. */
export type AttendanceSuggestions = Record<string, AttendanceStatus>;

/**
 * The facilitators' summary once the session has ended: who came (as suggestions to confirm on
 * the attendance sheet), check-ins and check-outs, share of voice, hidden chat and safety marks.
 */
export function RoomSummary({ info, state }: { info: RoomInfo; state: RoomState }) {
  const t = useT();
  const format = useFormat();
  const members = Object.values(state.people)
    .filter((p) => p.kind === 'member')
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const suggestions: AttendanceSuggestions = Object.fromEntries(
    members.map((p) => [p.personId, attendanceSuggestion(p, { startsAt: info.startsAt, endsAt: info.endsAt })]),
  );
  const voices = new Map(voiceUntil(state.voice, info.endedAt ?? new Date().toISOString()).map((v) => [v.personId, v]));
  const quiet = quietMembers(state);
  const hidden = state.chat.filter((m) => m.hidden);
  const answered = state.checkOut?.answered ?? [];
  return (
    <>
      <p className="lead">{t('room.summary.lead')}</p>
      <section className="card" aria-labelledby="summary-attendance">
        <h2 id="summary-attendance">{t('room.summary.attendance')}</h2>
        <p>{t('room.summary.attendanceLead')}</p>
        <ul className="list">
          {members.map((p) => (
            <li key={p.personId} className="list__item">
              <span>{p.displayName}</span>
              <span>{t(labelKey('attendance', suggestions[p.personId]!))}</span>
            </li>
          ))}
        </ul>
        <Link
          className="button"
          to={`/groups/${info.groupId}/sessions/${info.sessionId}`}
          state={{ suggested: suggestions }}
        >
          {t('room.summary.confirmAttendance')}
        </Link>
      </section>
      <section className="card" aria-labelledby="summary-talk">
        <h2 id="summary-talk">{t('room.summary.talk')}</h2>
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="summary-talk">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('room.summary.member')}</th>
                <th scope="col">{t('room.summary.checkIn')}</th>
                <th scope="col">{t('room.summary.voice')}</th>
                <th scope="col">{t('room.summary.checkOut')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((p) => {
                const c = state.checkIns[p.personId];
                const v = voices.get(p.personId);
                return (
                  <tr key={p.personId}>
                    <th scope="row">{p.displayName}</th>
                    <td>
                      {c ? t('room.checkIns.line', { mood: c.mood, word: c.word }) : t('room.summary.none')}
                      {c?.part && <span className="muted"> · {c.part}</span>}
                      {c?.share === 'facilitators' && (
                        <span className="tag">{t('room.checkIns.onlyFacilitators')}</span>
                      )}
                    </td>
                    <td>
                      {t('room.voice.figures', {
                        minutes: Math.floor((v?.seconds ?? 0) / 60),
                        seconds: (v?.seconds ?? 0) % 60,
                        turns: v?.turns ?? 0,
                      })}
                    </td>
                    <td>{t(answered.includes(p.personId) ? 'room.summary.answered' : 'room.summary.notAnswered')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          {quiet.length
            ? t('room.voice.quiet', { names: format.list(quiet.map((id) => nameOf(state, id))) })
            : t('room.voice.everyone')}
        </p>
        {answered.length > 0 && (
          <p>
            <Link to={`/groups/${info.groupId}/measures`}>{t('room.summary.checkOutScores')}</Link>
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="summary-chat">
        <h2 id="summary-chat">{t('room.summary.hiddenChat')}</h2>
        {hidden.length === 0 ? (
          <p className="muted">{t('room.summary.noHiddenChat')}</p>
        ) : (
          <ul className="list">
            {hidden.map((m) => (
              <li key={m.messageId} className="list__item">
                <div>
                  <strong>{nameOf(state, m.personId)}</strong> <span className="muted">{format.time(m.at)}</span>
                  <p className="chat__text">{m.text}</p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="summary-safety">
        <h2 id="summary-safety">{t('room.summary.safety')}</h2>
        {state.safety.length === 0 ? (
          <p className="muted">{t('room.summary.noSafety')}</p>
        ) : (
          <ul className="list">
            {state.safety.map((s) => (
              <li key={s.alertId} className="list__item">
                <span>
                  {t('room.summary.safetyLine', {
                    name: nameOf(state, s.personId),
                    by: nameOf(state, s.by),
                    when: format.time(s.at),
                  })}
                </span>
                <Link to="/">{t('room.summary.alerts')}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
