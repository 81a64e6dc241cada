import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailable } from './errors.js';

/** How long Hearth waits for PostgreSQL. Null statement time means no limit (migrations, the CLI). */
export interface PostgresTimeouts {
  /** Getting a connection: opening one, or waiting for a free one when all ten are busy. */
  connectMs: number;
  /** One statement; the server cancels it, and the client gives up a little later if no answer comes. */
  statementMs: number | null;
}

/** `hearth serve`: a request answers within seconds when the database is away, rather than hanging. */
export const SERVING_TIMEOUTS: PostgresTimeouts = { connectMs: 5000, statementMs: 10_000 };

/** The CLI's one-off work (migrations, audit verify, backups) may run long, but never waits to connect. */
export const MAINTENANCE_TIMEOUTS: PostgresTimeouts = { connectMs: 5000, statementMs: null };

/**
 * SQLSTATEs that mean the server went away or will not take us, not that the statement was wrong
 * (with all of class 08, connection exception).
 */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);
/** statement_timeout fired: the connection is fine, the database was too slow. */
const STATEMENT_TIMEOUT = '57014';

export interface PostgresPoolOptions {
  url: string;
  schema?: string;
  timeouts: PostgresTimeouts;
  /** Told of every connection that fails, whether idle or in use. Must not throw. */
  onConnectionError: (error: Error) => void;
}

/**
 * The pg pool Kysely runs on, hardened against what production does to connections:
 *
 * - pg emits `error` on the pool for an idle client and on the client itself when it is checked
 *   out; an unheard `error` event ends the process. Every client gets a listener when it is made.
 * - A connection that failed is never reused: it is destroyed on release, so the pool opens a
 *   fresh one when the database is back and recovers by itself.
 * - Connecting, each statement, and an abandoned transaction are bounded in time.
 * - Failures of the connection (not of the statement) become DatabaseUnavailable, which the app
 *   answers with 503.
 */
export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  const { statementMs, connectMs } = options.timeouts;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 10,
    application_name: 'hearth',
    connectionTimeoutMillis: connectMs,
    // Dead peers are noticed by TCP, not only when a statement is sent.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementMs !== null && {
      statement_timeout: statementMs,
      // The server answers a statement timeout itself; this is for when no answer can arrive.
      query_timeout: statementMs + 2000,
      // A transaction left open by an instance that lost its connection releases its locks.
      idle_in_transaction_session_timeout: statementMs * 3,
    }),
    // A schema of its own is what the tests use. Parallel query workers there were seen failing with
    // "schema … does not exist (parallel worker)" under load; tiny test tables never need them.
    ...(options.schema && { options: `-c search_path=${options.schema} -c max_parallel_workers_per_gather=0` }),
  });
  pool.on('connect', (client) => client.on('error', options.onConnectionError));
  // An idle client's error is emitted on its own listener above as well; the pool drops the client.
  pool.on('error', () => undefined);

  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailable(error);
      }
      let broken = false;
      const query = async (sql: string, parameters: readonly unknown[]) => {
        try {
          return await client.query(sql, [...parameters]);
        } catch (error) {
          if (error instanceof pg.DatabaseError) {
            // The server answered: the statement was wrong, or too slow, on a sound connection…
            if (!SERVER_GONE.has(error.code ?? '') && !error.code?.startsWith('08')) {
              throw error.code === STATEMENT_TIMEOUT ? new DatabaseUnavailable(error) : error;
            }
            // …or it is closing this connection (a restart, a failover, pg_terminate_backend).
          } else if (error instanceof TypeError) {
            // A programming mistake in the call itself, not the connection.
            throw error;
          }
          // Anything else pg raises is about the connection: reset, terminated, read timeout.
          broken = true;
          throw new DatabaseUnavailable(error);
        }
      };
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy || broken),
      };
    },
    end: () => pool.end(),
  };
}
