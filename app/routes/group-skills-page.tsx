import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { AssignmentNoteLimit } from '../../domain/skills.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { scheduleKeys, type StaffSession } from '../api/schedule.js';
import type { Viewer } from '../api/session.js';
import { skillKeys, type Assignment, type GroupSkills, type SkillCard, type Week } from '../api/skills.js';
import { GroupLoadProblem, mayEditGroup } from '../features/groups/group-access.js';
import { SharedEntry } from '../features/skills/shared-entry.js';
import { shownName } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { fieldId } from '../ui/field-frame.js';
import { useFormat } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';
import { TrendChart } from '../ui/trend-chart.js';

const RATING_RANGE = { min: 0, max: 10 };

/** A group's skills practice for its staff: assigning cards, how practice went, what members shared. */
export function GroupSkillsPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <GroupSkillsView viewer={viewer} />}</RequireViewer>;
}

function GroupSkillsView({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const { groupId = '' } = useParams();
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const skills = useQuery({
    queryKey: skillKeys.group(groupId),
    queryFn: () => api<GroupSkills>(`/api/groups/${groupId}/skills`),
    enabled: group.isSuccess,
  });
  usePageTitle(group.data ? t('skills.group.titleOf', { group: group.data.name }) : t('skills.group.title'));
  if (group.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  const g = group.data;
  const s = skills.data;
  const done = (message: string) => {
    setNotice(message);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  return (
    <>
      <p>
        <Link to={`/groups/${g.id}`}>{t('skills.group.back', { group: g.name })}</Link>
      </p>
      <h1>{t('skills.group.heading', { group: g.name })}</h1>
      <div role="status">
        {notice && (
          <p className="notice notice--success" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      {skills.isPending && <p role="status">{t('skills.loading')}</p>}
      {skills.isError && <p role="alert">{skills.error.message}</p>}
      {s && mayEditGroup(viewer, g) && <AssignForm groupId={g.id} skills={s} onDone={done} />}
      {s && <Assignments assignments={s.assignments} />}
      {s && <Progress skills={s} />}
      {s && s.clinical && (
        <section className="card" aria-labelledby="shared-heading">
          <h2 id="shared-heading">{t('skills.group.sharedHeading')}</h2>
          <p className="muted">{t('skills.group.sharedLead')}</p>
          {s.shared.length === 0 ? (
            <p>{t('skills.group.noneShared')}</p>
          ) : (
            <ul className="list list--stacked">
              {s.shared
                .slice()
                .reverse()
                .map((entry) => (
                  <SharedEntry key={entry.id} entry={entry}>
                    <p className="tag">{t('skills.group.sharedWith', { visibility: entry.visibility })}</p>
                  </SharedEntry>
                ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

function AssignForm({
  groupId,
  skills,
  onDone,
}: {
  groupId: string;
  skills: GroupSkills;
  onDone: (m: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const cards = useQuery({
    queryKey: skillKeys.cards,
    queryFn: () => api<{ cards: SkillCard[] }>('/api/skills/cards'),
  });
  const window = useMemo(() => {
    const now = new Date();
    return { from: now.toISOString(), to: new Date(now.getTime() + 120 * 86_400_000).toISOString() };
  }, []);
  const sessions = useQuery({
    queryKey: [...scheduleKeys.sessions(groupId), window.from.slice(0, 10)],
    queryFn: () =>
      api<{ sessions: StaffSession[] }>(
        `/api/groups/${groupId}/sessions?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`,
      ),
  });
  const [cardId, setCardId] = useState('');
  const [memberId, setMemberId] = useState('');
  const [dueSessionId, setDueSessionId] = useState('');
  const [note, setNote] = useState('');
  const assign = useMutation({
    mutationFn: () =>
      api<Assignment>(`/api/groups/${groupId}/skills/assignments`, {
        method: 'POST',
        body: {
          cardId: cardId || cards.data?.cards[0]?.id,
          memberId: memberId || null,
          dueSessionId: dueSessionId || null,
          note: note || undefined,
        },
      }),
    onSuccess: (made) => {
      setNote('');
      void changed({ group: groupId });
      onDone(
        t('skills.group.assigned', {
          title: made.card.title,
          whole: made.memberName ? 'no' : 'yes',
          who: made.memberName ?? '',
        }),
      );
    },
  });
  const labels = {
    cardId: t('skills.group.card'),
    memberId: t('skills.group.who'),
    dueSessionId: t('skills.group.due'),
    note: t('skills.group.note'),
  };
  const problems = formProblems(assign.error, labels, 'assign-');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate();
  };
  const upcoming = (sessions.data?.sessions ?? []).filter((x) => x.status === 'scheduled');
  const members = skills.progress.members;
  return (
    <section className="card" aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('skills.group.assignHeading')}</h2>
      <p className="muted">
        {t('skills.group.assignLead')} <Link to="/skills">{t('skills.group.library')}</Link>
      </p>
      {problems && (
        <ProblemSummary title={t('skills.group.notAssigned')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={fieldId('assign-cardId')}>{labels.cardId}</label>
          <select id={fieldId('assign-cardId')} value={cardId} onChange={(e) => setCardId(e.target.value)}>
            {(cards.data?.cards ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.shipped ? c.title : t('skills.group.practiceCard', { title: c.title })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('assign-memberId')}>{labels.memberId}</label>
          <select id={fieldId('assign-memberId')} value={memberId} onChange={(e) => setMemberId(e.target.value)}>
            <option value="">{t('skills.group.wholeGroup')}</option>
            {members.map((m) => (
              <option key={m.memberId} value={m.memberId}>
                {shownName(t, m.displayName ?? m.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('assign-dueSessionId')}>{labels.dueSessionId}</label>
          <select
            id={fieldId('assign-dueSessionId')}
            value={dueSessionId}
            onChange={(e) => setDueSessionId(e.target.value)}
          >
            <option value="">{t('skills.group.noDue')}</option>
            {upcoming.map((x) => (
              <option key={x.id} value={x.id}>
                {format.sessionTime(x.startsAt, x.endsAt, { groupZone: x.timeZone, shownIn: 'group' })}
              </option>
            ))}
          </select>
        </div>
        <TextArea
          name="assign-note"
          label={labels.note}
          hint={t('skills.group.noteHint')}
          rows={2}
          value={note}
          maxLength={AssignmentNoteLimit.max}
          onChange={(e) => setNote(e.target.value)}
          problem={problems?.byField['body.note']}
        />
        <SubmitButton pending={assign.isPending} disabled={!cards.data} pendingLabel={t('skills.group.assigning')}>
          {t('skills.group.assign')}
        </SubmitButton>
      </form>
    </section>
  );
}

function Assignments({ assignments }: { assignments: Assignment[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="assignments-heading">
      <h2 id="assignments-heading">{t('skills.group.assignmentsHeading')}</h2>
      {assignments.length === 0 ? (
        <p>{t('skills.group.noAssignments')}</p>
      ) : (
        <ul className="list">
          {assignments.map((a) => (
            <li key={a.id} className="list__item">
              <div>
                <strong>{a.card.title}</strong>{' '}
                <span className="muted">
                  {a.memberName ? shownName(t, a.memberName) : t('skills.group.wholeGroup')}
                  {a.dueAt && <> · {t('skills.practice.due', { when: format.shortDate(a.dueAt) })}</>}
                </span>
                {a.note && <p className="muted">{a.note}</p>}
              </div>
              <Link to={`/skills/cards/${encodeURIComponent(a.card.id)}`}>
                {t.rich('skills.group.viewCard', {
                  title: a.card.title,
                  hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Weeks as a chart and, for screen readers and anyone who prefers numbers, as a table. A week is named
 * by its Monday in the group's zone, where it was counted: in the viewer's, west of the group, that
 * Monday's midnight falls on the Sunday before.
 */
function WeeksChart({ weeks, zone, label, caption }: { weeks: Week[]; zone: string; label: string; caption: string }) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      <TrendChart
        points={weeks.map((w) => ({ at: w.week, total: w.mean }))}
        zone={zone}
        range={RATING_RANGE}
        axes
        size="large"
        label={label}
      />
      <details>
        <summary>{t('skills.group.asTable')}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
          <table className="table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('skills.group.weekOf')}</th>
                <th scope="col">{t('skills.group.entries')}</th>
                <th scope="col">{t('skills.group.meanRating')}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week}>
                  <th scope="row">{format.shortDate(w.week, zone)}</th>
                  <td>{format.number(w.count)}</td>
                  <td>{format.number(w.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function Progress({ skills }: { skills: GroupSkills }) {
  const t = useT();
  const format = useFormat();
  const { weeks, bySkill, members } = skills.progress;
  const describe = (w: Week[]) => w.map((x) => format.number(x.mean)).join(', ');
  return (
    <section className="card skills-progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t('skills.group.progressHeading')}</h2>
      <p className="muted">{t('skills.group.progressLead')}</p>
      {weeks.length === 0 ? (
        <p>{t('skills.group.noProgress')}</p>
      ) : (
        <>
          <h3>{t('skills.group.groupChart')}</h3>
          <WeeksChart
            weeks={weeks}
            zone={skills.group.timeZone}
            label={t('skills.group.groupChartLabel', { means: describe(weeks) })}
            caption={t('skills.group.groupTableCaption')}
          />
          <h3>{t('skills.group.bySkill')}</h3>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('skills.group.bySkill')}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('skills.group.skill')}</th>
                  <th scope="col">{t('skills.group.entries')}</th>
                  <th scope="col">{t('skills.group.meanRating')}</th>
                </tr>
              </thead>
              <tbody>
                {bySkill.map((b) => (
                  <tr key={b.cardId}>
                    <th scope="row">{b.title}</th>
                    <td>{format.number(b.count)}</td>
                    <td>{format.number(b.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {skills.clinical && members.length > 0 && (
        <>
          <h3>{t('skills.group.perMember')}</h3>
          <ul className="small-multiples">
            {members.map((m) => {
              const name = shownName(t, m.displayName ?? m.name);
              return (
                <li key={m.memberId}>
                  <h4>{name}</h4>
                  {m.count === 0 ? (
                    <p className="muted">{t('skills.group.memberNone')}</p>
                  ) : (
                    <>
                      <p className="muted">{t('skills.group.memberCount', { count: m.count })}</p>
                      <WeeksChart
                        weeks={m.weeks}
                        zone={skills.group.timeZone}
                        label={t('skills.group.memberChartLabel', { name, means: describe(m.weeks) })}
                        caption={t('skills.group.memberTableCaption', { name })}
                      />
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
