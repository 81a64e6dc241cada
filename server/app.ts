import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { BodyLimitBytes } from '../domain/limits.js';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { practiceRoutes } from './modules/practice/practice.routes.js';
import { realtimeRoutes } from './modules/realtime/realtime.routes.js';
import { sessionRoutes } from './modules/session/session.routes.js';
import { setupRoutes } from './modules/setup/setup.routes.js';
import { createAuth, type Auth } from './platform/auth/auth.js';
import { resolveViewer, toFetchHeaders } from './platform/auth/viewer.js';
import { registerErrorHandling } from './platform/errors.js';
import type { HearthApp } from './platform/http.js';
import { problem, sendProblem } from './platform/problem.js';
import type { Broker } from './platform/realtime/broker.js';
import { SocketRegistry } from './platform/realtime/socket-registry.js';

export interface AppDependencies {
  config: Config;
  database: Database;
  broker: Broker;
  secretKey: string;
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
  sockets: SocketRegistry;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Hearth HTTP app. Tests call this and use app.inject(); main.ts adds listen(). */
export async function buildApp(deps: AppDependencies): Promise<HearthApp> {
  const { config } = deps;
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
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const auth = createAuth({
    database: deps.database,
    secretKey: deps.secretKey,
    publicUrl: config.publicUrl,
    logger: app.log,
  });
  const sockets = new SocketRegistry();
  const services: Services = { config, database: deps.database, broker: deps.broker, auth, sockets };

  // Registered before any hook that may answer early: its own hooks mark upgrade requests so a
  // refused upgrade's connection is closed.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Reject `..` in any form before routing, so no path can climb out of a folder we serve.
    const rawPath = (request.raw.url ?? '/').split('?')[0] ?? '/';
    let decoded = rawPath;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return sendProblem(reply, problem(400, 'The address is not correctly encoded.'));
    }
    if (decoded.split(/[/\\]/).includes('..')) {
      return sendProblem(reply, problem(400, 'The address must not contain "..".'));
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
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

  // Limits are set per route (sign-in, setup); nothing global, so static files and the
  // WebSocket upgrade are never counted.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'FST_ERR_RATE_LIMITED',
      message: `Too many attempts. Please wait ${Math.ceil(context.ttl / 60_000)} minute(s) and try again.`,
      headers: { 'retry-after': Math.ceil(context.ttl / 1000) },
    }),
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

  // Every /api route says who may call it; the OpenAPI document shows the same.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (access !== 'public' && access !== 'signed-in') {
      throw new Error(`Route ${route.method} ${route.url} must declare config.access`);
    }
    route.schema = { ...route.schema, security: access === 'public' ? [] : [{ session: [] }] };
  });

  // 1. Authenticate, before validation, on the routes that need a session; public routes skip the
  // session lookup, which is most of the cost of a signed-in request (bench/RESULTS.md).
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.access !== 'signed-in') return;
    request.viewer = await resolveViewer(auth, deps.database, toFetchHeaders(request.headers));
    if (!request.viewer) return sendProblem(reply, problem(401, 'Please sign in to continue.'));
  });

  await app.register(async (api) => {
    const typed = api as HearthApp;
    healthRoutes(typed, services);
    setupRoutes(typed, services);
    sessionRoutes(typed, services);
    practiceRoutes(typed, services);
    realtimeRoutes(typed, services);
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
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
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot);
    }
    return sendProblem(reply, problem(404, `There is nothing at ${request.method} ${request.url.split('?')[0]}.`));
  });

  app.addHook('onClose', async () => {
    sockets.closeAll();
  });
  return app;
}
