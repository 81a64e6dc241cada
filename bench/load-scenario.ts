// The scenario `npm run bench:load` plays (bench/load.bench.ts): who the simulated people are, what
// each does on a visit, how long they think between pages, the steps of the ramp and the
// thresholds. Each "page" is the requests the web app makes for it (app/routes/*), in order, as one
// person's browser would; think times are drawn from an exponential distribution around the mean,
// so arrivals look like independent people rather than a metronome.

/** One HTTP request of a page; `{group}`, `{form}`, `{session}` and `{from}`/`{to}` are filled per person. */
export interface Step {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  /** A JSON body; POSTs also get a fresh Idempotency-Key, as the web app sends. */
  body?: unknown;
  /** Only while the person's check-in is still open (saving a sent one is refused). */
  whileOpen?: boolean;
}

export interface Page {
  name: string;
  /** Relative weight among the persona's pages. */
  weight: number;
  steps: Step[];
}

/** The check-in members answer: a GAD-7 with every answer "not at all", so no safety alert is raised. */
const GAD7_ANSWERS = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [String(i + 1), 0]));

/** A clinician's draft of the group part of a session note (notes.bench.ts uses the same). */
const GROUP_PART = {
  themes: 'Boundaries at work; saying no without guilt.',
  interventions: ['psychoeducation', 'role-play'],
  interventionsOther: '',
  groupProcess: 'Members linked their stories; the group warmed after the role-play.',
  factors: ['universality'],
  risk: 'No risk discussed.',
};

/** Every page starts the way the web app's shell does: who am I. */
const SHELL: Step = { method: 'GET', path: '/api/session' };

export const MEMBER_PAGES: Page[] = [
  {
    // What a member's home asks for (app/routes/home-page.tsx MemberHome): rooms to join, what is
    // coming up, their check-ins and their groups.
    name: 'member home',
    weight: 4,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/my/rooms' },
      { method: 'GET', path: '/api/my/sessions' },
      { method: 'GET', path: '/api/my/measures' },
      { method: 'GET', path: '/api/my/groups' },
    ],
  },
  {
    name: 'answer a check-in',
    weight: 2,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/my/measures' },
      { method: 'GET', path: '/api/my/measures/{form}' },
      // The page saves as the member answers; three saves stand for a form's worth of taps.
      { method: 'PUT', path: '/api/my/measures/{form}/answers', body: { answers: GAD7_ANSWERS }, whileOpen: true },
      { method: 'PUT', path: '/api/my/measures/{form}/answers', body: { answers: GAD7_ANSWERS }, whileOpen: true },
      { method: 'PUT', path: '/api/my/measures/{form}/answers', body: { answers: GAD7_ANSWERS }, whileOpen: true },
      // Sending the same answers again changes nothing, so every visit can send.
      { method: 'POST', path: '/api/my/measures/{form}/submission', body: { answers: GAD7_ANSWERS } },
      { method: 'GET', path: '/api/my/progress' },
    ],
  },
  {
    name: 'read the group space',
    weight: 3,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/groups/{group}/space' },
      { method: 'POST', path: '/api/groups/{group}/space/read' },
    ],
  },
];

export const CLINICIAN_PAGES: Page[] = [
  {
    name: 'open a roster',
    weight: 3,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/groups/{group}' },
      { method: 'GET', path: '/api/groups/{group}/outcomes' },
    ],
  },
  {
    name: 'open the agenda',
    weight: 2,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/agenda?from={from}&to={to}' },
      { method: 'GET', path: '/api/notes/to-do' },
    ],
  },
  {
    name: 'write a session note',
    weight: 3,
    steps: [
      SHELL,
      { method: 'GET', path: '/api/groups/{group}/sessions/{session}/notes' },
      // The notes page saves the draft as the clinician writes: three saves a visit.
      { method: 'PUT', path: '/api/groups/{group}/sessions/{session}/notes/group', body: { content: GROUP_PART } },
      { method: 'PUT', path: '/api/groups/{group}/sessions/{session}/notes/group', body: { content: GROUP_PART } },
      { method: 'PUT', path: '/api/groups/{group}/sessions/{session}/notes/group', body: { content: GROUP_PART } },
    ],
  },
];

export const SCENARIO = {
  /** Each group: this many members and one clinician who facilitates it. */
  membersPerGroup: 10,
  /** One group in this many is meeting now: its members and clinician sit in the live room, sockets open. */
  liveEvery: 4,
  /** Mean think time between pages (exponential), and between one request of a page and the next. */
  thinkSeconds: 10,
  stepPauseMs: 150,
  /** In a live room: each person posts to the chat (or, once, checks in) about this often. */
  roomPostSeconds: 20,
  /** Simulated people at each step of the ramp; the run stops at the first step that breaks a threshold. */
  ramp: [250, 500, 1000, 1500, 2000],
  /** Seconds for everyone of a step to arrive (spread evenly), then seconds measured. */
  arriveSeconds: 10,
  measureSeconds: 30,
  thresholds: { errorRate: 0.00025, meanMs: 100, p99Ms: 2000 },
  /** The audit run: this many requests as fast as the instances answer (autocannon), then `hearth audit verify`. */
  auditRequests: 100_000,
};
