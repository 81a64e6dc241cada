import crypto from 'node:crypto';

/**
 * Where an encrypted value lives: its column (as `table.column`, the names in db/schema.ts) and
 * its row's key. The value is sealed to this place (docs/decisions/0015), so a value copied into
 * another row or column fails to decrypt instead of reading back as someone else's record.
 */
export interface Binding {
  column: string;
  row: string;
}

/** A value that cannot be read: changed, copied from elsewhere, or sealed with an unknown key. */
export class CipherError extends Error {
  override name = 'CipherError';
}

/** A short, stable name for a key, stored with each value so a key ring can pick the right key. */
function keyIdOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('hearth key id').digest().subarray(0, 6).toString('base64url');
}

function associatedData(keyId: string, binding: Binding): Buffer {
  return Buffer.from(`hearth:v2:${keyId}:${binding.column}:${binding.row}`, 'utf8');
}

/**
 * Encrypts clinical free text at rest (screening answers, attendance notes, alert outcomes, form
 * answers) with AES-256-GCM. Each value gets a fresh 96-bit nonce; the authentication tag covers
 * the text and its binding (format version, key id, column and row as associated data), so any
 * change, and any move to another row or column, fails to decrypt.
 *
 * Stored as `v2.<key id>.<nonce>.<tag>.<ciphertext>`, base64url. The key ring holds the current
 * key, which seals, and during a key rotation the previous one, which still opens what it sealed.
 * `v1.<nonce>.<tag>.<ciphertext>` values (before the binding, no key id) are still read, under any
 * key of the ring; the `clinical-text.upgrade` job and `hearth rotate-key` re-seal them.
 */
export class ClinicalCipher {
  readonly #keys = new Map<string, Buffer>();
  readonly #currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error('ClinicalCipher needs 256-bit keys');
      this.#keys.set(keyIdOf(key), key);
    }
    this.#currentId = keyIdOf(current);
  }

  /** Every value sealed with the current key in the current format starts with this. */
  get currentPrefix(): string {
    return `v2.${this.#currentId}.`;
  }

  encrypt(plaintext: string, binding: Binding): string {
    const key = this.#keys.get(this.#currentId)!;
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(associatedData(this.#currentId, binding));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v2',
      this.#currentId,
      nonce.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string, binding: Binding): string {
    const parts = stored.split('.');
    const where = `${binding.column} of ${binding.row}`;
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, nonce, tag, body] = parts as [string, string, string, string];
      for (const key of this.#keys.values()) {
        const opened = open(key, nonce, tag, body, undefined);
        if (opened !== undefined) return opened;
      }
      throw new CipherError(`Cannot decrypt ${where}: it was changed, or sealed with a key Hearth no longer has.`);
    }
    if (parts[0] !== 'v2' || parts.length !== 5)
      throw new CipherError(`Cannot decrypt ${where}: it is not an encrypted value this version of Hearth can read.`);
    const [, keyId, nonce, tag, body] = parts as [string, string, string, string, string];
    const key = this.#keys.get(keyId);
    if (!key)
      throw new CipherError(
        `Cannot decrypt ${where}: it was sealed with a key this Hearth does not have (key id ${keyId}). ` +
          'During a key rotation, set the previous key as well (docs/operations.md).',
      );
    const opened = open(key, nonce, tag, body, associatedData(keyId, binding));
    if (opened === undefined)
      throw new CipherError(`Cannot decrypt ${where}: it was changed, or copied from another record.`);
    return opened;
  }
}

/** The plaintext, or undefined when the tag does not verify (wrong key, binding or bytes). */
function open(key: Buffer, nonce: string, tag: string, body: string, aad: Buffer | undefined): string | undefined {
  try {
    // A fixed tag length: GCM would otherwise accept a tag cut down to 4 bytes.
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
      authTagLength: 16,
    });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
