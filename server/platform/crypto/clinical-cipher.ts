import crypto from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts clinical free text at rest (screening answers now; notes later) with AES-256-GCM.
 * Each value gets a fresh 96-bit nonce; the authentication tag makes any change to the stored
 * text fail to decrypt rather than read back altered. Stored as `v1.<nonce>.<tag>.<ciphertext>`,
 * base64url, so the format can change without guessing.
 */
export class ClinicalCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('ClinicalCipher needs a 256-bit key');
  }

  encrypt(plaintext: string): string {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      nonce.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string): string {
    const [version, nonce, tag, body] = stored.split('.');
    if (version !== VERSION || !nonce || !tag || body === undefined)
      throw new Error('not an encrypted value this version of Hearth can read');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
