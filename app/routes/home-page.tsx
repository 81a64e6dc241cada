import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { roleInSentence, type Role } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { ComingUp } from '../features/membership/coming-up.js';
import { MyGroups } from '../features/membership/my-groups.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * The signed-in home, one for each kind of person: a member sees their next session and their
 * groups in a member's words; staff see what needs them, the groups they run, and where to go.
 */
export function HomePage() {
  usePageTitle('Home');
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <RequireViewer>
      {(viewer) => (
        <>
          <h1>{viewer.practice.name}</h1>
          <p className="lead">
            Hello, {viewer.user.name}. You are signed in as {roleInSentence(viewer.practice.role)}.
          </p>
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
  return (
    <>
      <ComingUp />
      <MyGroups />
      <Places places={PLACES.member} />
    </>
  );
}

function StaffHome({ viewer }: { viewer: Viewer }) {
  const [done, setDone] = useState<string | null>(null);
  const role = viewer.practice.role;
  return (
    <>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      <AlertList mayEdit={role !== 'supervisor'} onDone={setDone} />
      <GroupsYouRun viewer={viewer} />
      {/* Staff referred into a group as a person see that membership too, and only then. */}
      <MyGroups heading="Groups you belong to as a member" onlyWhenAny />
      <Places places={PLACES[role]} />
    </>
  );
}

/** The groups this person facilitates, each one step from its sessions and measures. */
function GroupsYouRun({ viewer }: { viewer: Viewer }) {
  const groups = useQuery({ queryKey: groupKeys.all, queryFn: () => api<{ groups: Group[] }>('/api/groups') });
  if (groups.isPending) return <p role="status">Loading your groups…</p>;
  if (groups.isError) return <p role="alert">Your groups could not be loaded. Please reload the page.</p>;
  const all = groups.data.groups.filter((g) => g.status === 'active');
  const mine = all.filter((g) => g.facilitators.some((f) => f.userId === viewer.user.id));
  const role = viewer.practice.role;
  return (
    <section aria-labelledby="groups-you-run">
      <h2 id="groups-you-run">Groups you facilitate</h2>
      {mine.length === 0 && (
        <p>
          {role === 'clinician' ? (
            <>
              You do not facilitate a group yet. <Link to="/groups/new">Create a group</Link>, or ask an administrator
              to add you to one.
            </>
          ) : (
            <>
              You facilitate no group. The practice has {all.length === 1 ? 'one group' : `${all.length} groups`}
              {role === 'supervisor' ? ', which you oversee' : ''}: see them under <Link to="/groups">Groups</Link>.
            </>
          )}
        </p>
      )}
      {mine.length > 0 && (
        <ul className="list">
          {mine.map((g) => (
            <li key={g.id} className="list__item">
              <Link to={`/groups/${g.id}`}>{g.name}</Link>
              <span>
                <Link to={`/groups/${g.id}/sessions`}>
                  Sessions<span className="visually-hidden"> of {g.name}</span>
                </Link>
                {' · '}
                <Link to={`/groups/${g.id}/measures`}>
                  Measures<span className="visually-hidden"> of {g.name}</span>
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Place {
  to: string;
  title: string;
  words: string;
}

const AGENDA: Place = {
  to: '/agenda',
  title: 'Agenda',
  words: 'Your week of sessions, attendance to take, and alerts that need you.',
};
const GROUPS: Place = {
  to: '/groups',
  title: 'Groups',
  words: "Create groups, refer people, decide about places, and see each group's members and measures.",
};
const INTAKE: Place = { to: '/intake', title: 'Intake', words: 'Everyone on the way into your groups, by stage.' };
const ACCOUNT: Place = {
  to: '/account',
  title: 'Your account',
  words: 'Your details, two-step sign-in, and where you are signed in.',
};
const ADMIN_PLACES: Place[] = [
  AGENDA,
  GROUPS,
  INTAKE,
  {
    to: '/people',
    title: 'People',
    words: 'Invite clinicians, supervisors and members; change roles; disable an account.',
  },
  {
    to: '/settings',
    title: 'Practice settings',
    words: 'Who hears of an urgent alert nobody picked up, and the e-mails Hearth has sent.',
  },
  { to: '/audit', title: 'Audit log', words: 'Who signed in, who changed what, and who looked at clinical records.' },
  ACCOUNT,
];

/** Where each role goes from home. */
const PLACES: Record<Role, Place[]> = {
  owner: ADMIN_PLACES,
  admin: ADMIN_PLACES,
  clinician: [AGENDA, GROUPS, INTAKE, ACCOUNT],
  supervisor: [AGENDA, { ...GROUPS, words: "Every group's members, attendance and measures." }, INTAKE, ACCOUNT],
  member: [ACCOUNT],
};

function Places({ places }: { places: Place[] }) {
  return (
    <>
      <h2 className="visually-hidden">Where to go</h2>
      <ul className="list list--cards">
        {places.map((p) => (
          <li key={p.to} className="card">
            <h3 className="card__title">
              <Link to={p.to}>{p.title}</Link>
            </h3>
            <p>{p.words}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
