import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';

/** Work that runs later, from the durable jobs table (ARCHITECTURE.md, Jobs). */
export interface JobRequest {
  kind: string;
  payload: Record<string, unknown>;
  /** When to run it; now when absent. */
  runAt?: Date;
  /** Work with the same key is enqueued once, however often it is asked for. */
  dedupeKey?: string;
  /** Urgent work (a safety alert and its e-mails) is claimed before anything else that is due. */
  urgent?: boolean;
}

/**
 * Runs one job. `now` is the worker's clock, so tests can move time; `job` (id and creation time)
 * is the same on every attempt, so a handler can make its effect happen once (mail.send names the
 * message by it).
 * Throwing retries the job.
 */
export type JobHandler = (
  payload: Record<string, unknown>,
  now: Date,
  job: { id: string; createdAt: string },
) => Promise<void>;

/**
 * How long a claim lasts unless its worker renews it. The worker renews every third of this while
 * it works, so a live worker keeps its jobs however long they take, and a killed worker's jobs
 * (urgent escalations included) are taken again within this time.
 */
const LEASE_MS = 30_000;
/** A failing job is tried this many times, waiting longer each time, then left as failed. */
const MAX_ATTEMPTS = 5;
/** Finished jobs are kept this long for inspection, then deleted. */
const KEEP_FINISHED_MS = 7 * 86_400_000;
const BATCH = 20;

/**
 * The jobs table and its in-process worker. Enqueueing takes the caller's transaction, so a job
 * exists exactly when the change that asked for it committed. Claiming is one UPDATE … RETURNING
 * whose inner SELECT, on PostgreSQL, locks with FOR UPDATE SKIP LOCKED: several instances share the
 * work and never take the same job. SQLite runs one writer at a time, so the same statement is
 * atomic there too.
 *
 * Delivery is at least once: a worker that stops after running a job but before marking it done
 * leaves it to be taken again when its lock lapses. Handlers are written to make that harmless
 * (each reminder is its own job, so at most one message repeats).
 */
export class JobQueue {
  /** Names this worker's claims, so its heartbeat renews its own and no one else's. */
  readonly #workerId = crypto.randomUUID();
  readonly #leaseMs: number;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #recurring: Array<{ kind: string; everyMs: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'info'>,
    options: { leaseMs?: number } = {},
  ) {
    this.#leaseMs = options.leaseMs ?? LEASE_MS;
  }

  /** Says which function runs jobs of a kind. */
  handle(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  /** Runs a kind every `everyMs`, once across all instances (one job per time slot). */
  every(kind: string, everyMs: number, handler: JobHandler): void {
    this.handle(kind, handler);
    this.#recurring.push({ kind, everyMs });
  }

  /** Adds a job in the caller's transaction; a job whose dedupe key exists already is dropped. */
  async enqueue(db: Kysely<DB>, job: JobRequest): Promise<void> {
    const now = new Date().toISOString();
    await db
      .insertInto('jobs')
      .values({
        id: crypto.randomUUID(),
        kind: job.kind,
        payload: JSON.stringify(job.payload),
        runAt: (job.runAt ?? new Date()).toISOString(),
        status: 'pending',
        dedupeKey: job.dedupeKey ?? null,
        priority: job.urgent ? 1 : 0,
        createdAt: now,
      })
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .execute();
  }

  /**
   * Takes up to `limit` due jobs for this worker, urgent ones first: pending ones, and running ones
   * whose worker stopped renewing its lease.
   */
  async claim(now: Date, limit = BATCH) {
    const at = now.toISOString();
    const { db, engine } = this.database;
    let due = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('runAt', '<=', at)]),
          eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', at)]),
        ]),
      )
      .orderBy('priority', 'desc')
      .orderBy('runAt')
      .limit(limit);
    if (engine === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        lockedBy: this.#workerId,
        lockedUntil: new Date(now.getTime() + this.#leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', due)
      .returning(['id', 'kind', 'payload', 'attempts', 'priority', 'createdAt'])
      .execute()
      .then((jobs) => jobs.sort((a, b) => b.priority - a.priority));
  }

  /**
   * Runs every job due at `now`, batch by batch, until none is left; returns how many ran. The
   * polling loop calls this; tests call it directly with the clock they need.
   */
  async runDue(now: Date = new Date()): Promise<number> {
    await this.#scheduleRecurring(now);
    const heartbeat = this.#heartbeat(now);
    try {
      let ran = 0;
      for (;;) {
        const batch = await this.claim(now);
        if (batch.length === 0) return ran;
        for (const job of batch) {
          await this.#run(job, now);
          ran += 1;
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Renews this worker's leases every third of a lease while it runs, on the worker's clock (`now`
   * when the run began, plus the time since), so tests that move time keep their leases too.
   */
  #heartbeat(now: Date): NodeJS.Timeout {
    const began = performance.now();
    const timer = setInterval(() => {
      const clock = now.getTime() + (performance.now() - began);
      this.database.db
        .updateTable('jobs')
        .set({ lockedUntil: new Date(clock + this.#leaseMs).toISOString() })
        .where('status', '=', 'running')
        .where('lockedBy', '=', this.#workerId)
        .execute()
        .catch((error: unknown) =>
          this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'job lease renewal failed'),
        );
    }, this.#leaseMs / 3);
    timer.unref();
    return timer;
  }

  async #run(
    job: { id: string; kind: string; payload: string; attempts: number; createdAt: Date | string },
    now: Date,
  ): Promise<void> {
    const { db } = this.database;
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>, now, {
        id: job.id,
        createdAt: toInstant(job.createdAt),
      });
      await db
        .updateTable('jobs')
        // A done job keeps no payload: an e-mail's address and words need not stay in the table.
        .set({ status: 'done', finishedAt: new Date().toISOString(), lockedUntil: null, lockedBy: null, payload: '{}' })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = job.attempts >= MAX_ATTEMPTS;
      // Never the payload in the log: it may name a person.
      this.log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, 'job failed');
      await db
        .updateTable('jobs')
        .set({
          status: last ? 'failed' : 'pending',
          lastError: message.slice(0, 500),
          lockedUntil: null,
          lockedBy: null,
          runAt: new Date(now.getTime() + 2 ** job.attempts * 60_000).toISOString(),
          ...(last && { finishedAt: new Date().toISOString() }),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }

  async #scheduleRecurring(now: Date): Promise<void> {
    for (const { kind, everyMs } of this.#recurring) {
      const slot = Math.floor(now.getTime() / everyMs);
      await this.enqueue(this.database.db, { kind, payload: {}, runAt: now, dedupeKey: `${kind}@${slot}` });
    }
  }

  /** Deletes finished jobs older than a week, so the table stays small. */
  async prune(now: Date): Promise<void> {
    await this.database.db
      .deleteFrom('jobs')
      .where('status', 'in', ['done', 'failed'])
      .where('finishedAt', '<', new Date(now.getTime() - KEEP_FINISHED_MS).toISOString())
      .execute();
  }

  /** Polls for due work every `pollMs` until stopped. */
  start(pollMs: number): void {
    if (this.#timer) return;
    this.every('jobs.prune', 86_400_000, async (_payload, now) => this.prune(now));
    const tick = () => {
      this.#running = this.runDue().catch((error: unknown) => {
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'job worker tick failed');
        return 0;
      });
      void this.#running.finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, pollMs);
      });
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the batch in hand to finish. */
  async stop(): Promise<void> {
    const timer = this.#timer;
    this.#timer = undefined;
    clearTimeout(timer);
    await this.#running;
  }
}
