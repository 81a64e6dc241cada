import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers every answer carries (CSP, Referrer-Policy, HSTS, …), as Helmet writes
 * them, worked out once at start-up. @fastify/helmet builds Helmet's middleware again from its
 * options on every request, about an eighth of a signed-in read's time (issue 17); nothing in
 * Hearth's headers depends on the request (no nonces: there are no inline scripts), so the list is
 * the same for every answer and is set from a plain object.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}
