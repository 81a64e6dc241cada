import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupWithMembers, insertPastSession } from './testing/group-fixtures.js';
import { createTestApp, describeEachEngine, type SignedIn, type TestApp } from './testing/test-app.js';

/**
 * Every operation in the app's own OpenAPI document, sent boundary and random values in its path,
 * query and body, as a signed-in owner and as nobody. Whatever the input, the answer is never a
 * fault of ours (5xx), and every refusal is a problem document. A new route is fuzzed the day it
 * appears in the document; a value that once made one engine fail stays in BOUNDARY for good.
 *
 * The seed is fixed so a failure repeats; HEARTH_FUZZ_SEED explores other values.
 */
const SEED = Number(process.env.HEARTH_FUZZ_SEED ?? 20261128);
/** Random requests per operation and principal, after the sweep of edges; quick enough for CI. */
const RUNS = Number(process.env.HEARTH_FUZZ_RUNS ?? 10);

/** Values at the edges of what the engines store, or of what a parser expects. */
const BOUNDARY: unknown[] = [
  2147483648,
  2147483647,
  -2147483649,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '2147483648',
  '-1',
  '1e400',
  'NaN',
  '0000-01-01',
  '9999-12-31',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59+14:00',
  '0000-01-01T00:00',
  '9999-12-31T23:59',
  '1969-12-31T23:59:59.999Z',
  '\u0000',
  'a\u0000b',
  'line\nbreak',
  '\r\n',
  '\u202Ereversed',
  '\uD800',
  'x'.repeat(20_000),
  '',
  ' ',
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  null,
  true,
  [],
  {},
  ['\u0000'],
  { '\u0000': 1 },
];

/** Operations that would end the session the fuzzing runs in; they are fuzzed anonymously only. */
const ENDS_OWN_SESSION = new Set(['DELETE /api/session']);

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }>;
  body: JsonSchema | undefined;
  /** Open to everyone (`security: []`); anonymous requests to other operations stop at the session check. */
  public: boolean;
}

/** A value the schema accepts, as far as can be told from it, so that mutating one field reaches deep. */
function plausible(schema: JsonSchema, name = ''): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return plausible(choices.find((c) => c.type !== 'null') ?? choices[0]!, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, plausible(s, k)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => plausible(schema.items ?? {}, name));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 10, 10));
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'email') return 'fuzz@example.org';
      if (schema.format === 'date-time') return '2027-01-05T18:00:00Z';
      if (schema.format === 'date') return '2027-01-05';
      if (schema.format === 'uri') return 'https://example.org/meet';
      if (schema.pattern?.includes('T\\d{2}:\\d{2}$')) return '2027-01-05T18:00';
      if (/time.?zone/i.test(name)) return 'Europe/London';
      return 'Fuzzing text'.padEnd(schema.minLength ?? 0, '.').slice(0, schema.maxLength ?? 100);
    default:
      return 'x';
  }
}

/** The paths to every value in a plausible body, so one of them can be replaced. */
function leaves(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => leaves(v, [...at, i]))];
  if (value && typeof value === 'object')
    return [at, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]))];
  return [at];
}

function replaceAt(value: unknown, at: Array<string | number>, by: unknown): unknown {
  if (at.length === 0) return by;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = at;
  copy[head!] = replaceAt(copy[head!], rest, by);
  return copy;
}

const nasty = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BOUNDARY) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean()) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** As a query or path value: what a URL can carry. */
const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** A path segment; text that is not valid Unicode goes as bytes that are not valid UTF-8 either. */
function segment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

type Slot = { param: Operation['params'][number] } | { bodyAt: Array<string | number>; sample: unknown };

/** Values every input of a kind meets at least once, whatever the random part draws. */
function edgesFor(slot: Slot): unknown[] {
  if ('param' in slot && slot.param.in === 'path') return ['a\u0000b', '2147483648', 'x'.repeat(300)];
  const schema = 'param' in slot ? slot.param.schema : undefined;
  const sample = 'param' in slot ? plausible(slot.param.schema, slot.param.name) : slot.sample;
  const name = 'param' in slot ? slot.param.name : String(slot.bodyAt.at(-1) ?? '');
  if (typeof sample === 'number' || schema?.type === 'integer' || schema?.type === 'number')
    return [2147483648, -2147483649, -1, 1e308, 1.5];
  if (typeof sample === 'string' && (/^\d{4}-\d\d-\d\d/.test(sample) || /^(from|to|at|startsAt)$/.test(name)))
    return [
      '0000-01-01',
      '9999-12-31',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '0000-01-01T00:00',
      '9999-12-31T23:59',
    ];
  if (typeof sample === 'string') return ['a\u0000b', 'line\nbreak', 'x'.repeat(20_000), 7];
  return ['\u0000', 2147483648];
}

/**
 * Requests to one operation: every input starts plausible (a real id, a valid value, or absent
 * for an optional query), then some are replaced by a boundary or random value, so the replaced
 * one is what the route meets, not an earlier field's refusal. First each input meets its kind's
 * edges one at a time; then `runs` random requests change one to three inputs at once.
 */
function requests(op: Operation, ids: Record<string, string>, runs: number, seed: number): InjectOptions[] {
  const body = op.body ? plausible(op.body) : undefined;
  const slots: Slot[] = [
    ...op.params.map((param) => ({ param })),
    ...(body === undefined
      ? []
      : leaves(body).map((bodyAt) => ({ bodyAt, sample: bodyAt.reduce<unknown>((v, k) => (v as never)[k], body) }))),
  ];
  const baseline = (p: Operation['params'][number]) =>
    p.in === 'path' ? (ids[p.name] ?? 'unknown-id') : p.required ? asText(plausible(p.schema, p.name)) : undefined;

  const build = (changes: Array<[number, unknown]>, withOptionalQuery: boolean): InjectOptions => {
    const values = new Map<string, string | undefined>(
      op.params.map((p) => [
        p.name,
        withOptionalQuery && p.in === 'query' ? asText(plausible(p.schema, p.name)) : baseline(p),
      ]),
    );
    let payload = body;
    for (const [index, value] of changes) {
      const slot = slots[index];
      if (!slot) continue;
      if ('param' in slot) values.set(slot.param.name, asText(value));
      else payload = replaceAt(payload, slot.bodyAt, value);
    }
    let url = op.path;
    const query = new URLSearchParams();
    for (const p of op.params) {
      const v = values.get(p.name);
      if (p.in === 'path') url = url.replace(`{${p.name}}`, segment(v ?? ''));
      else if (v !== undefined) query.set(p.name, v);
    }
    const qs = query.toString();
    const request: InjectOptions = { method: op.method as InjectOptions['method'], url: qs ? `${url}?${qs}` : url };
    if (op.body) {
      request.payload = JSON.stringify(payload ?? null);
      request.headers = { 'content-type': 'application/json' };
    }
    return request;
  };

  const sweep = slots.flatMap((slot, index) => edgesFor(slot).map((edge) => build([[index, edge]], false)));
  const random = fc.sample(
    fc
      .tuple(
        fc.array(fc.tuple(fc.nat({ max: Math.max(0, slots.length - 1) }), nasty), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
      )
      .map(([changes, withOptionalQuery]) => build(changes, withOptionalQuery)),
    { numRuns: runs, seed },
  );
  return [...sweep, ...random];
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: ((op.parameters ?? []) as Operation['params']).filter((p) => p.in === 'path' || p.in === 'query'),
      body: (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema,
      public: Array.isArray(op.security) && op.security.length === 0,
    })),
  );
}

describeEachEngine('every operation under boundary and random input', (engine) => {
  let t: TestApp;
  let owner: SignedIn;
  let ids: Record<string, string>;
  let operations: Operation[];
  let openSelfReferralLink: () => Promise<string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const fixture = await groupWithMembers(t, { members: ['Ana'] });
    owner = fixture.owner;
    ids = {
      groupId: fixture.groupId,
      memberId: fixture.members[0]!.memberId,
      sessionId: await insertPastSession(t, fixture, new Date(Date.now() - 7 * 86_400_000)),
      userId: fixture.maya.userId,
    };
    openSelfReferralLink = async () =>
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/groups/${fixture.groupId}/self-referral-link`,
          headers: { cookie: fixture.maya.cookie },
        })
      ).json().selfReferralToken as string;
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    operations = operationsOf(doc.json());
  }, 60_000);
  afterAll(async () => t?.cleanup());

  it('never answers 5xx, and refuses with a problem document', { timeout: 240_000 }, async () => {
    expect(operations.length).toBeGreaterThan(50);
    const faults: string[] = [];
    let sent = 0;
    for (const [index, op] of operations.entries()) {
      const key = `${op.method} ${op.path}`;
      // The fuzzing may have closed or renewed the group's public link: ask for a working one.
      if (op.path.includes('{token}')) ids.token = await openSelfReferralLink();
      const as = ENDS_OWN_SESSION.has(key) ? [undefined] : [owner, undefined];
      for (const person of as) {
        // Without a session, only public operations get past the first check: the rest are sampled.
        const all = requests(op, ids, RUNS, SEED + index);
        const samples = person || op.public ? all : all.slice(-2);
        for (const request of samples) {
          // A new address each time, so per-address limits do not hide what lies behind them.
          sent += 1;
          const ip = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
          const response = await t.app.inject({
            ...request,
            remoteAddress: ip,
            headers: { ...(request.headers as object), ...(person && { cookie: person.cookie }) },
          });
          const type = String(response.headers['content-type'] ?? '');
          const who = person ? 'owner' : 'anonymous';
          if (response.statusCode >= 500)
            faults.push(`${response.statusCode} ${who} ${request.method} ${request.url} ${String(request.payload)}`);
          else if (response.statusCode >= 400 && !type.startsWith('application/problem+json'))
            faults.push(`${response.statusCode} without a problem document: ${who} ${request.method} ${request.url}`);
        }
      }
    }
    expect(
      faults.map((f) => f.slice(0, 400)),
      `seed ${SEED}`,
    ).toEqual([]);
  });
});
