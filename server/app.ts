import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import rateLimit from '@fastify/rate-limit';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { BodyLimitBytes } from '../domain/limits.js';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { alertRoutes } from './modules/alerts/alerts.routes.js';
import { registerAlertJobs } from './modules/alerts/alerts.jobs.js';
import { attendanceRoutes } from './modules/attendance/attendance.routes.js';
import { notesRoutes } from './modules/notes/notes.routes.js';
import { skillsRoutes } from './modules/skills/skills.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { dataExportRoutes } from './modules/data-exports/data-exports.routes.js';
import { groupRoutes } from './modules/groups/groups.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { lexiconRoutes } from './modules/lexicon/lexicon.routes.js';
import { measureRoutes } from './modules/measures/measures.routes.js';
import { membershipRoutes } from './modules/membership/membership.routes.js';
import { practiceRoutes } from './modules/practice/practice.routes.js';
import { preferenceRoutes } from './modules/preferences/preferences.routes.js';
import { realtimeRoutes } from './modules/realtime/realtime.routes.js';
import { RoomHub } from './modules/room/room-live.service.js';
import { roomRoutes } from './modules/room/room.routes.js';
import { videoRoutes } from './modules/video/video.routes.js';
import { VideoService } from './modules/video/video.service.js';
import { registerRetentionJobs } from './modules/retention/retention.jobs.js';
import { retentionRoutes } from './modules/retention/retention.routes.js';
import { safetyPlanRoutes } from './modules/safety-plan/safety-plan.routes.js';
import { ifsRoutes } from './modules/ifs/ifs.routes.js';
import { erasureRoutes } from './modules/erasure/erasure.routes.js';
import { registerSessionJobs } from './modules/reminders/reminders.service.js';
import { scheduleRoutes } from './modules/schedule/schedule.routes.js';
import { sessionRoutes } from './modules/session/session.routes.js';
import { passwordResetRoutes } from './modules/password-reset/password-reset.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { setupRoutes } from './modules/setup/setup.routes.js';
import { spaceRoutes } from './modules/space/space.routes.js';
import { registerSpaceJobs } from './modules/space/space.jobs.js';
import { twoFactorRoutes } from './modules/two-factor/two-factor.routes.js';
import { createAuth, type Auth } from './platform/auth/auth.js';
import { resolveViewer, viewerLocale, type SessionRules } from './platform/auth/viewer.js';
import type { AuditLog } from './platform/audit/audit-log.js';
import type { ClinicalCipher } from './platform/crypto/clinical-cipher.js';
import { reencryptClinicalText } from './platform/crypto/reencrypt.js';
import { registerIdempotency } from './platform/idempotency/idempotency.js';
import { JobQueue } from './platform/jobs/job-queue.js';
import { createMailer, type Mailer, type OutgoingMail } from './platform/mail/mailer.js';
import { fallbackLimitStore } from './platform/limit-store.js';
import { policies, type Policy } from './platform/policy.js';
import { connectRedis } from './platform/redis.js';
import { ATTEMPT_LIMIT, failedAttemptLimiter, type FailedAttemptLimiter } from './platform/rate-limits.js';
import { auditLogOf, clinicalCipherOf, type SecretKeys } from './platform/secret-key.js';
import { frameworkErrors, registerErrorHandling } from './platform/errors.js';
import { securityHeaders } from './platform/security-headers.js';
import type { HearthApp } from './platform/http.js';
import { validatorCompiler } from './platform/validation.js';
import { ACCESS_ENDED, SESSION_IDLE, sendProblem, TWO_FACTOR_REQUIRED } from './platform/problem.js';
import type { Broker } from './platform/realtime/broker.js';
import { announceGroupChanges } from './platform/realtime/changes.js';
import { LiveSessions } from './platform/realtime/session-control.js';

export interface AppDependencies {
  config: Config;
  database: Database;
  broker: Broker;
  secretKey: string;
  /** The key being replaced, during a key rotation (`hearth rotate-key`). */
  previousSecretKey?: string;
  /** The built web app (dist/app); null serves the API alone, as in module tests. */
  webRoot: string | null;
  logger?: FastifyServerOptions['logger'];
}

/** What route modules receive: the app's shared services. */
export interface Services {
  config: Config;
  database: Database;
  broker: Broker;
  auth: Auth;
  audit: AuditLog;
  /** Encrypts clinical free text at rest. */
  cipher: ClinicalCipher;
  mailer: Mailer;
  sessionRules: SessionRules;
  /** Durable timed work: reminders, notices, schedule upkeep. */
  jobs: JobQueue;
  /** Closes the live sockets of ended sessions on every instance, Redis or not. */
  liveSessions: LiveSessions;
  /** Wrong passwords, per address and per account: one count for every route that checks one. */
  signInAttempts: FailedAttemptLimiter;
  /** The live session rooms this instance serves (modules/room). */
  rooms: RoomHub;
  /** Video in those rooms through Janus, when configured (modules/video). */
  video: VideoService;
}

/** A route as registered, with its policy: what the authorisation matrix test walks. */
export interface RegisteredRoute {
  method: string;
  url: string;
  policy: Policy | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, read by the authorisation matrix test. */
    hearthRoutes: RegisteredRoute[];
    /** The job queue; `hearth serve` starts its worker, tests run it by hand. */
    jobs: JobQueue;
    /** Video through Janus; tests sweep its tokens by hand. */
    video: VideoService;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Hearth HTTP app. Tests call this and use app.inject(); main.ts adds listen(). */
export async function buildApp(deps: AppDependencies): Promise<HearthApp> {
  const { config } = deps;
  // Worked out once: every answer carries the same security headers (platform/security-headers.ts).
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // The browser's WebSocket to Janus for the call (docs/video.md), when video is on.
        connectSrc: ["'self'", ...(config.video ? [new URL(config.video.publicUrl).origin] : [])],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.publicUrl.startsWith('https://') ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      // Cookies and credentials never reach the log; bodies are not logged at all.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      serializers: {
        // The path only: query strings may one day carry tokens (calendar feeds, invitations).
        req: (req) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
      },
    },
    bodyLimit: BodyLimitBytes,
    trustProxy: config.trustProxy,
    // A caller's X-Request-Id is kept when it is safe to log; otherwise we make one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // An address the router cannot read (bad encoding, a segment too long) is a problem document
    // too, with the security headers, since no hook runs before this answer.
    frameworkErrors: (error, request, reply) => {
      reply.headers(headers);
      frameworkErrors(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app, deps.database.health);
  deps.database.health.onConnectionError((error) =>
    app.log.warn({ err: error, cause: 'database-connection' }, 'a database connection failed; it will be replaced'),
  );

  const keys: SecretKeys = { current: deps.secretKey, previous: deps.previousSecretKey };
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    log: app.log,
  });
  const auth = createAuth({
    database: deps.database,
    keys,
    publicUrl: config.publicUrl,
    logger: app.log,
    sessionHours: config.sessionHours,
    mailer,
  });
  const sessionRules: SessionRules = {
    idleMinutesStaff: config.idleMinutesStaff,
    idleMinutesMember: config.idleMinutesMember,
  };
  const audit = auditLogOf(deps.database.engine, keys);
  const cipher = clinicalCipherOf(keys);
  const jobs = new JobQueue(deps.database, app.log);
  // Every e-mail sent later goes through this one job, each with its own retries.
  // Delivered once per job (its id names the message), however often a crash makes it run again.
  jobs.handle('mail.send', async (payload, _now, job) => mailer.send(payload as unknown as OutgoingMail, job));
  // Clinical text sealed before values were bound to their row, or with the key a rotation
  // replaces, is re-sealed at the first run of each day (docs/decisions/0015).
  jobs.every('clinical-text.upgrade', 86_400_000, async () => {
    await reencryptClinicalText(deps.database.db, cipher);
  });
  app.decorate('jobs', jobs);
  app.addHook('onClose', async () => jobs.stop());
  const liveSessions = new LiveSessions(deps.database, deps.broker, app.log);
  jobs.every('realtime.revocations.prune', 86_400_000, async (_payload, now) => liveSessions.prune(now));
  registerSessionJobs({ database: deps.database, jobs, publicUrl: config.publicUrl });
  registerAlertJobs({
    database: deps.database,
    audit,
    jobs,
    broker: deps.broker,
    publicUrl: config.publicUrl,
    log: app.log,
  });
  // Outbox files lose their expired links hourly, and every practice's retention periods apply daily.
  registerRetentionJobs({ database: deps.database, audit, jobs, mailer });
  registerSpaceJobs({ database: deps.database, jobs, publicUrl: config.publicUrl });
  announceGroupChanges(app, deps.broker);

  // JSON only: with no text/plain or form parser, a cross-site form cannot post to the API.
  app.removeContentTypeParser('text/plain');

  // Registered before any hook that may answer early: its own hooks mark upgrade requests so a
  // refused upgrade's connection is closed.
  // As large as a JSON body: a room message over its own limit is answered with an error, not a closed socket.
  await app.register(websocket, { options: { maxPayload: BodyLimitBytes } });

  // First of all hooks, so an answer refused early carries them too.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers carry personal and health data, or say who is signed in: no cache, shared or
    // the browser's own, may keep them. Set first, so every answer has it, refusals included.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // Reject `..` in any form before routing, so no path can climb out of a folder we serve.
    const rawPath = (request.raw.url ?? '/').split('?')[0] ?? '/';
    let decoded = rawPath;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return sendProblem(reply, { status: 400, key: 'problem.request.badAddress' });
    }
    if (decoded.split(/[/\\]/).includes('..')) {
      return sendProblem(reply, { status: 400, key: 'problem.request.dotDot' });
    }
  });

  // Limits are set per route (sign-in, setup); nothing global, so static files and the
  // WebSocket upgrade are never counted.
  // With several instances the counts live in Redis, so an attacker gains nothing by spreading
  // attempts across instances; one instance keeps them in memory, and so does each instance
  // while Redis is away (platform/limit-store.ts).
  const limitRedis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  if (limitRedis) app.addHook('onClose', async () => limitRedis.disconnect());
  await app.register(rateLimit, {
    global: false,
    ...(limitRedis && { store: fallbackLimitStore(limitRedis, app.log, 'hearth:limits:') }),
    // The words are chosen by the error handler, in the reader's language, from Retry-After.
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'FST_ERR_RATE_LIMITED',
      message: 'Too many attempts.',
      headers: { 'retry-after': Math.ceil(context.ttl / 1000) },
    }),
  });

  const rooms = new RoomHub({ database: deps.database, broker: deps.broker, cipher, audit, jobs, log: app.log });
  const services: Services = {
    config,
    database: deps.database,
    broker: deps.broker,
    auth,
    audit,
    cipher,
    mailer,
    sessionRules,
    jobs,
    liveSessions,
    signInAttempts: failedAttemptLimiter(app, ATTEMPT_LIMIT),
    rooms,
    video: new VideoService({
      config: config.video,
      database: deps.database,
      rooms,
      secretKey: deps.secretKey,
      log: app.log,
    }),
  };
  app.decorate('video', services.video);
  app.addHook('onClose', async () => {
    await services.video.close();
    await services.rooms.close();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Hearth API', version: '0.1.0', description: 'The API behind the Hearth web app.' },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hearth.session_token' } },
      },
    },
    transform: jsonSchemaTransform,
  });

  // Every /api route declares its policy; the OpenAPI document shows which need a session.
  const routes: RegisteredRoute[] = [];
  app.decorate('hearthRoutes', routes);
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, policy });
    if (!policy) {
      if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'))
        throw new Error(`Route ${String(route.method)} ${route.url} must declare config.policy`);
      return;
    }
    // Every route with a policy says so in the document, /healthz and /readyz included.
    route.schema = { ...route.schema, security: policy.signedIn ? [{ session: [] }] : [] };
  });

  // Cross-site request forgery and cross-site WebSocket hijacking: a browser always names the
  // page's origin on a state-changing request and on a WebSocket upgrade; one from another origin
  // (another scheme, host or port) is refused. (Cookies are SameSite=Lax and bodies JSON-only too.)
  const publicOrigin = new URL(config.publicUrl).origin;
  app.addHook('onRequest', async (request, reply) => {
    const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (!upgrade && (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS')) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    // Same origin: the public address, or the address this request was sent to (127.0.0.1 as well
    // as localhost on the embedded default), compared as scheme, host and port.
    const sameOrigin =
      !origin ||
      originOf(origin) === publicOrigin ||
      originOf(origin) === originOf(`${request.protocol}://${request.headers.host ?? ''}`);
    if (!sameOrigin || fetchSite === 'cross-site') {
      return sendProblem(reply, { status: 403, key: 'problem.crossSite' });
    }
  });

  // 1. Authenticate, before validation, on the routes that need a session; public routes skip the
  // session lookup, which is most of the cost of a signed-in request (bench/RESULTS.md).
  // 2. Check the policy's role and two-factor parts; the route then checks the object itself.
  app.decorateRequest('viewer', null);
  // The reader's language, set with the viewer from the same lookup (no query of its own); an
  // anonymous request's is read from Accept-Language when needed (platform/problem.ts localeOf).
  app.decorateRequest('locale', null);
  app.addHook('onRequest', async (request, reply) => {
    const policy = request.routeOptions.config.policy;
    if (!policy?.signedIn) return;
    const result = await resolveViewer(auth, deps.database, sessionRules, request.headers.cookie);
    if (!result.viewer) {
      return sendProblem(
        reply,
        result.ended === 'idle'
          ? { status: 401, key: 'problem.session.idle', type: SESSION_IDLE }
          : result.ended === 'no-active-membership'
            ? { status: 401, key: 'problem.session.accessEnded', type: ACCESS_ENDED }
            : { status: 401, key: 'problem.signInFirst' },
      );
    }
    const viewer = result.viewer;
    request.viewer = viewer;
    request.locale = viewerLocale(viewer, request.headers['accept-language']);
    if (viewer.mustEnrolTwoFactor && !policy.beforeTwoFactor) {
      return sendProblem(reply, { status: 403, key: 'problem.twoFactorRequired', type: TWO_FACTOR_REQUIRED });
    }
    if (!policy.roles.includes(viewer.role)) {
      return sendProblem(reply, { status: 403, key: 'problem.roleRefused' });
    }
  });

  // 3. A repeated create (a double click, a retry) answers with the first response.
  registerIdempotency(app, {
    database: deps.database,
    cipher,
  });

  // 4. Answers compressed for the browser that accepts it: JSON, pages, CSV, calendars. Registered
  // after idempotency, whose onSend keeps the plain answer to replay (hooks run in registration
  // order). Brotli at quality 4: nearly gzip's speed, smaller output; 1 KB and less goes as is.
  // Static files come compressed from the build (Content-Encoding already set, so left alone);
  // archives and PDFs are not compressible types.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  await app.register(async (api) => {
    const typed = api as HearthApp;
    healthRoutes(typed, services);
    setupRoutes(typed, services);
    sessionRoutes(typed, services);
    twoFactorRoutes(typed, services);
    notesRoutes(typed, services);
    passwordResetRoutes(typed, services);
    peopleRoutes(typed, services);
    auditRoutes(typed, services);
    groupRoutes(typed, services);
    membershipRoutes(typed, services);
    scheduleRoutes(typed, services);
    attendanceRoutes(typed, services);
    skillsRoutes(typed, services);
    billingRoutes(typed, services);
    alertRoutes(typed, services);
    measureRoutes(typed, services);
    calendarRoutes(typed, services);
    dataExportRoutes(typed, services);
    practiceRoutes(typed, services);
    preferenceRoutes(typed, services);
    retentionRoutes(typed, services);
    safetyPlanRoutes(typed, services);
    ifsRoutes(typed, services);
    erasureRoutes(typed, services);
    spaceRoutes(typed, services);
    lexiconRoutes(typed, services);
    realtimeRoutes(typed, services);
    roomRoutes(typed, services);
    videoRoutes(typed, services);
  });

  app.get('/api/openapi.json', { config: { policy: policies.public }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.addHook('onSend', async (request, reply) => {
    // Swagger UI styles its widgets with style attributes; allow that on its pages only.
    // Scripts stay 'self'.
    if (request.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        String(reply.getHeader('content-security-policy')).replace(
          "style-src 'self'",
          "style-src 'self' 'unsafe-inline'",
        ),
      );
    }
  });

  const webRoot = deps.webRoot && fs.existsSync(path.join(deps.webRoot, 'index.html')) ? deps.webRoot : null;
  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each text file (vite.config.ts); the browser gets the
      // smallest it accepts, with `Vary: Accept-Encoding`, and the plain file otherwise.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        // Vite puts a content hash in every asset name, so they never change under the same name.
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    // The web app owns every other page address (it shows its own "not found" page); a missing
    // file (anything with an extension) or API route gets a problem document.
    const pathname = request.url.split('?')[0] ?? '/';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !pathname.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(pathname);
    if (webRoot && wantsPage) {
      // The page names this build's scripts: always asked for again, so a new version is seen at once.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot, { cacheControl: false });
    }
    return sendProblem(reply, {
      status: 404,
      key: 'problem.nothingHere',
      values: { method: request.method, path: request.url.split('?')[0] },
    });
  });

  return app;
}

/** The scheme://host:port of a URL, default ports left out; null when it is not one (the literal "null", say). */
function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
