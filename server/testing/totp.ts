import crypto from 'node:crypto';

/** Decodes RFC 4648 base32 (the otpauth:// secret). */
function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of input.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

const STEP_MS = 30_000;
/** The newest time step whose code was handed out, per secret. */
const handedOut = new Map<string, number>();

/**
 * The six-digit code an authenticator app shows (RFC 6238: HMAC-SHA1, 30-second steps), written
 * independently of better-auth so the tests check its codes rather than reuse them. Hearth accepts
 * each code once, so, like a person who waits for the next code, this never hands out the same
 * code twice: a second call within one step gives the next step's code (accepted a step early).
 * With `at`, the code of that moment, whether handed out before or not.
 */
export function totpCode(base32Secret: string, at?: number): string {
  if (at !== undefined) return codeOfStep(base32Secret, Math.floor(at / STEP_MS));
  const now = Math.floor(Date.now() / STEP_MS);
  const step = Math.max(now, (handedOut.get(base32Secret) ?? now - 1) + 1);
  if (step > now + 1) throw new Error('Two codes were already used in these 30 seconds; the next works only later.');
  handedOut.set(base32Secret, step);
  return codeOfStep(base32Secret, step);
}

function codeOfStep(base32Secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(base32Secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}
