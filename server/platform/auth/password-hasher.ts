import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with OWASP's minimum parameters:
 * 19 MiB of memory, 2 passes, 1 lane. About 50 ms on the reference machine.
 */
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password into a self-describing PHC string (`$argon2id$v=19$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMETERS);
}

/** True when the password matches the stored PHC string; false for any malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}
