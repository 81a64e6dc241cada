import { useIsFetching, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { ComingUp } from '../features/membership/coming-up.js';
import { MyGroups } from '../features/membership/my-groups.js';
import { NotesToDoList } from '../features/notes/notes-to-do.js';
import { JoinRooms } from '../features/room/room-entry.js';
import { useT } from '../i18n/use-t.js';
import type { MessageKey } from '../i18n/i18n.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * The signed-in home, one for each kind of person: a member sees their next session and their
 * groups in a member's words; staff see what needs them, the groups they run, and where to go.
 */
export function HomePage() {
  const t = useT();
  usePageTitle(t('home.title'));
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <RequireViewer>
      {(viewer) => (
        <>
          <h1>{viewer.practice.name}</h1>
          <p className="lead">{t('home.hello', { name: viewer.user.name, role: viewer.practice.role })}</p>
          {notice && (
            <div className="notice notice--success" role="status">
              <p>{notice}</p>
            </div>
          )}
          {viewer.practice.role === 'member' ? <MemberHome /> : <StaffHome viewer={viewer} />}
        </>
      )}
    </RequireViewer>
  );
}

function MemberHome() {
  const t = useT();
  // Each section loads its own answer (`my` keys); shown as each arrives, a section would push the
  // ones below it down a phone's screen (layout shift, issue 17). They show together, once every
  // first answer is in; a later refresh of one keeps what is shown.
  const firstLoads = useIsFetching({
    predicate: (query) => query.queryKey[0] === 'my' && query.state.status === 'pending',
  });
  return (
    <>
      {firstLoads > 0 && <p role="status">{t('layout.loading')}</p>}
      <div hidden={firstLoads > 0}>
        <JoinRooms />
        <ComingUp />
        <MyGroups />
        <Places places={PLACES.member} />
      </div>
    </>
  );
}

function StaffHome({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const [done, setDone] = useState<string | null>(null);
  const role = viewer.practice.role;
  return (
    <>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      <AlertList mayEdit={role !== 'supervisor'} onDone={setDone} />
      <NotesToDoList />
      <GroupsYouRun viewer={viewer} />
      {/* Staff referred into a group as a person see that membership too, and only then. */}
      <MyGroups heading={t('home.groupsAsMember')} onlyWhenAny />
      <Places places={PLACES[role]} />
    </>
  );
}

/** The groups this person facilitates, each one step from its sessions and measures. */
function GroupsYouRun({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const groups = useQuery({ queryKey: groupKeys.all, queryFn: () => api<{ groups: Group[] }>('/api/groups') });
  if (groups.isPending) return <p role="status">{t('home.loadingGroups')}</p>;
  if (groups.isError) return <p role="alert">{t('home.groupsFailed')}</p>;
  const all = groups.data.groups.filter((g) => g.status === 'active');
  const mine = all.filter((g) => g.facilitators.some((f) => f.userId === viewer.user.id));
  const role = viewer.practice.role;
  return (
    <section aria-labelledby="groups-you-run">
      <h2 id="groups-you-run">{t('home.groupsYouFacilitate')}</h2>
      {mine.length === 0 && (
        <p>
          {role === 'clinician'
            ? t.rich('home.noGroupYet', { link: (chunks) => <Link to="/groups/new">{chunks}</Link> })
            : t.rich('home.noGroupFacilitated', {
                count: all.length,
                oversee: role === 'supervisor' ? 'yes' : 'no',
                link: (chunks) => <Link to="/groups">{chunks}</Link>,
              })}
        </p>
      )}
      {mine.length > 0 && (
        <ul className="list">
          {mine.map((g) => (
            <li key={g.id} className="list__item">
              <Link to={`/groups/${g.id}`}>{g.name}</Link>
              <span>
                <Link to={`/groups/${g.id}/sessions`}>
                  {t.rich('home.sessionsOf', { group: g.name, hidden: (chunks) => <Hidden>{chunks}</Hidden> })}
                </Link>
                {' · '}
                <Link to={`/groups/${g.id}/measures`}>
                  {t.rich('home.measuresOf', { group: g.name, hidden: (chunks) => <Hidden>{chunks}</Hidden> })}
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Words only a screen reader reads: which group a repeated link belongs to. */
function Hidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

interface Place {
  to: string;
  title: MessageKey;
  words: MessageKey;
}

const AGENDA: Place = { to: '/agenda', title: 'home.place.agenda', words: 'home.place.agendaWords' };
const GROUPS: Place = { to: '/groups', title: 'home.place.groups', words: 'home.place.groupsWords' };
const INTAKE: Place = { to: '/intake', title: 'home.place.intake', words: 'home.place.intakeWords' };
const ACCOUNT: Place = { to: '/account', title: 'home.place.account', words: 'home.place.accountWords' };
const ADMIN_PLACES: Place[] = [
  AGENDA,
  GROUPS,
  INTAKE,
  { to: '/people', title: 'home.place.people', words: 'home.place.peopleWords' },
  { to: '/settings', title: 'home.place.settings', words: 'home.place.settingsWords' },
  { to: '/audit', title: 'home.place.audit', words: 'home.place.auditWords' },
  ACCOUNT,
];

/** Where each role goes from home. */
const PLACES: Record<Role, Place[]> = {
  owner: ADMIN_PLACES,
  admin: ADMIN_PLACES,
  clinician: [AGENDA, GROUPS, INTAKE, ACCOUNT],
  supervisor: [AGENDA, { ...GROUPS, words: 'home.place.groupsWordsSupervisor' }, INTAKE, ACCOUNT],
  member: [
    { to: '/safety-plan', title: 'safetyPlan.place.title', words: 'safetyPlan.place.words' },
    { to: '/reflect', title: 'ifs.place.title', words: 'ifs.place.words' },
    ACCOUNT,
  ],
};

function Places({ places }: { places: Place[] }) {
  const t = useT();
  return (
    <>
      <h2 className="visually-hidden">{t('home.whereToGo')}</h2>
      <ul className="list list--cards">
        {places.map((p) => (
          <li key={p.to} className="card">
            <h3 className="card__title">
              <Link to={p.to}>{t(p.title)}</Link>
            </h3>
            <p>{t(p.words)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
