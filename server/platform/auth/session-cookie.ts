import crypto from 'node:crypto';
import type { Auth } from './auth.js';

/** A signature as better-call writes it: HMAC-SHA256 in base64 with its padding, 44 characters. */
const SIGNATURE_LENGTH = 44;
/** Signed values already checked, remembered so a busy session's requests skip the HMAC. */
const VERIFIED_CAPACITY = 4096;

/**
 * Reads the session token out of the signed session cookie, exactly as better-auth's own session
 * lookup does (better-call's getSignedCookie: `token.signature`, URL-encoded, the first cookie of
 * that name, signed with the current key only), but with the key imported once: better-call
 * re-imports it through WebCrypto on every request, about a fifth of a signed-in request's cost
 * (bench/RESULTS.md, docs/decisions/0045).
 */
export class SessionCookieReader {
  readonly #name: string;
  readonly #key: crypto.KeyObject;
  /**
   * Cookie values whose signature held, with their token. A signature check is a pure function of
   * the value and the key, so remembering its result changes nothing: whether the session still
   * exists is read from the database on every request all the same.
   */
  readonly #verified = new Map<string, string>();

  constructor(cookieName: string, secret: string) {
    this.#name = cookieName;
    // better-call signs with the secret's UTF-8 bytes as the HMAC key.
    this.#key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** The session token the cookie carries when its signature holds; null otherwise. */
  token(cookieHeader: string | undefined): string | null {
    if (!cookieHeader) return null;
    const value = cookieValue(cookieHeader, this.#name);
    if (!value) return null;
    const known = this.#verified.get(value);
    if (known !== undefined) return known;
    const dot = value.lastIndexOf('.');
    if (dot < 1) return null;
    const token = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (signature.length !== SIGNATURE_LENGTH || !signature.endsWith('=')) return null;
    // Compared as text, in constant time: the one spelling better-call writes is the one accepted.
    const expected = Buffer.from(crypto.createHmac('sha256', this.#key).update(token, 'utf8').digest('base64'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    if (this.#verified.size >= VERIFIED_CAPACITY) this.#verified.clear();
    this.#verified.set(value, token);
    return token;
  }
}

/**
 * The value of the first cookie of this name in a Cookie header, percent-decoded, quotes removed:
 * the parsing of better-call's parseCookies, for one name.
 */
export function cookieValue(header: string, name: string): string | null {
  let index = 0;
  while (index < header.length) {
    const eq = header.indexOf('=', index);
    if (eq === -1) return null;
    let end = header.indexOf(';', index);
    if (end === -1) end = header.length;
    else if (end < eq) {
      index = header.lastIndexOf(';', eq - 1) + 1;
      continue;
    }
    if (header.slice(index, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.charCodeAt(0) === 34) value = value.slice(1, -1);
      return decode(value);
    }
    index = end + 1;
  }
  return null;
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const readers = new WeakMap<Auth, Promise<SessionCookieReader>>();

/**
 * The reader for an auth instance, made once from better-auth's own context: the cookie's name
 * (with its __Secure- prefix behind https) and the key that signs it, so the two cannot drift.
 */
export function sessionCookieReader(auth: Auth): Promise<SessionCookieReader> {
  let reader = readers.get(auth);
  if (!reader) {
    reader = auth.$context.then(
      (context) => new SessionCookieReader(context.authCookies.sessionToken.name, context.secret),
    );
    readers.set(auth, reader);
  }
  return reader;
}
