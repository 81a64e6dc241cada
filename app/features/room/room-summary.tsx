import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AttendanceStatus } from '../../../domain/attendance.js';
import { api } from '../../api/client.js';
import { roomKeys, type RoomInfo, type RoomSummaryData } from '../../api/room.js';
import { labelKey } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/**
 * The facilitators' summary once the session has ended (GET /api/rooms/:roomId/summary): who came
 * (as suggestions to confirm on the attendance sheet), check-ins and check-outs, share of voice
 * against the last sessions, hidden chat and safety marks.
 */
export function RoomSummary({ info }: { info: RoomInfo }) {
  const t = useT();
  const format = useFormat();
  const summary = useQuery({
    queryKey: roomKeys.summary(info.groupId, info.roomId),
    queryFn: () => api<RoomSummaryData>(`/api/rooms/${info.roomId}/summary`),
  });
  if (summary.isPending) return <p role="status">{t('room.summary.loading')}</p>;
  if (summary.isError) return <p role="alert">{summary.error.message}</p>;
  const data = summary.data;
  // Only marks not yet recorded are suggested; the sheet keeps what is already there.
  const suggested: Record<string, AttendanceStatus> = Object.fromEntries(
    data.attendance.flatMap((a) => (!a.recorded && a.suggested ? [[a.memberId, a.suggested]] : [])),
  );
  const checkIn = new Map(data.checkIns.map((c) => [c.memberId, c]));
  const checkOut = new Map(data.checkOuts.map((c) => [c.memberId, c]));
  const quiet = data.voice.filter((v) => v.quiet).map((v) => v.displayName);
  const quietEarlier = data.voice.filter((v) => v.quietEarlier).map((v) => v.displayName);
  return (
    <>
      <p className="lead">{t('room.summary.lead')}</p>
      <section className="card" aria-labelledby="summary-attendance">
        <h2 id="summary-attendance">{t('room.summary.attendance')}</h2>
        <p>{t('room.summary.attendanceLead')}</p>
        <ul className="list">
          {data.attendance.map((a) => (
            <li key={a.memberId} className="list__item">
              <span>{a.displayName}</span>
              <span>
                {a.recorded || a.suggested
                  ? t(labelKey('attendance', (a.recorded ?? a.suggested)!))
                  : t('room.summary.notSeen')}
                {a.recorded && <span className="muted"> · {t('room.summary.recorded')}</span>}
              </span>
            </li>
          ))}
        </ul>
        <Link className="button" to={`/groups/${info.groupId}/sessions/${info.sessionId}`} state={{ suggested }}>
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
              {data.voice.map((v) => {
                const c = checkIn.get(v.memberId);
                const out = checkOut.get(v.memberId);
                return (
                  <tr key={v.memberId}>
                    <th scope="row">{v.displayName}</th>
                    <td>
                      {c ? t('room.checkIns.line', { mood: c.mood, word: c.word }) : t('room.summary.none')}
                      {c?.part && (
                        <span className="muted" translate="no">
                          {' · '}
                          {c.part}
                        </span>
                      )}
                      {c?.share === 'facilitators' && (
                        <span className="tag">{t('room.checkIns.onlyFacilitators')}</span>
                      )}
                    </td>
                    <td>
                      {t('room.voice.figures', {
                        minutes: Math.floor(v.seconds / 60),
                        seconds: v.seconds % 60,
                        turns: v.turns,
                      })}
                      {v.earlier.sessions > 0 && (
                        <span className="muted">
                          {' '}
                          ·{' '}
                          {t('room.summary.earlier', {
                            sessions: v.earlier.sessions,
                            minutes: Math.round(v.earlier.seconds / 60),
                            turns: v.earlier.turns,
                          })}
                        </span>
                      )}
                    </td>
                    <td>
                      {out?.status !== 'completed'
                        ? t('room.summary.notAnswered')
                        : out.total != null
                          ? t('room.summary.checkOutScore', {
                              total: format.number(out.total, { maximumFractionDigits: 1 }),
                              band: out.band ?? '',
                            })
                          : t('room.summary.answeredInPart')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>{quiet.length ? t('room.summary.quiet', { names: format.list(quiet) }) : t('room.voice.everyone')}</p>
        {quietEarlier.length > 0 && <p>{t('room.voice.quietEarlier', { names: format.list(quietEarlier) })}</p>}
      </section>
      <ChatSection
        id="summary-chat"
        heading={t('room.summary.hiddenChat')}
        empty={t('room.summary.noHiddenChat')}
        messages={data.hiddenChat}
      />
      <ChatSection
        id="summary-held"
        heading={t('room.summary.heldChat')}
        empty={t('room.summary.noHeldChat')}
        messages={data.heldChat}
        tag={(m) => t(m.released ? 'room.summary.heldReleased' : 'room.summary.heldKept')}
      />
      <section className="card" aria-labelledby="summary-safety">
        <h2 id="summary-safety">{t('room.summary.safety')}</h2>
        {data.safety.length === 0 ? (
          <p className="muted">{t('room.summary.noSafety')}</p>
        ) : (
          <ul className="list">
            {data.safety.map((s) => (
              <li key={s.alertId} className="list__item">
                <span>{t('room.summary.safetyLine', { name: s.displayName, by: s.by, when: format.time(s.at) })}</span>
                <Link to="/">{t('room.summary.alerts')}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

type SummaryMessage = RoomSummaryData['hiddenChat'][number];

/** Chat messages the summary lists (hidden by a facilitator, or held by screening): who, when, what. */
function ChatSection<M extends SummaryMessage>({
  id,
  heading,
  empty,
  messages,
  tag,
}: {
  id: string;
  heading: string;
  empty: string;
  messages: M[];
  tag?: (message: M) => string;
}) {
  const format = useFormat();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {messages.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="list">
          {messages.map((m) => (
            <li key={m.messageId} className="list__item">
              <div>
                <strong>{m.displayName}</strong> <span className="muted">{format.time(m.at)}</span>
                {tag && (
                  <>
                    {' '}
                    <span className="tag">{tag(m)}</span>
                  </>
                )}
                <p className="chat__text" translate="no">
                  {m.text}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
