import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../db/connect.js';
import { AuditLog } from './audit/audit-log.js';
import { ClinicalCipher } from './crypto/clinical-cipher.js';
import { privateFolder } from './private-files.js';

/** Where the root secret comes from (config.ts). */
export interface KeySource {
  secretKey: string | undefined;
  secretKeyFile: string;
  previousSecretKey: string | undefined;
  dataDir: string;
}

/** The root secret, and during a key rotation the one it replaces (docs/decisions/0016). */
export interface SecretKeys {
  current: string;
  previous: string | undefined;
}

/** During a rotation with a key file, the key being replaced waits beside it under this suffix. */
export const PREVIOUS_SUFFIX = '.previous';

/**
 * The practice's root secrets: HEARTH_SECRET_KEY when set; otherwise a key file. The default key
 * file (secret.key in the data folder) is created on first start with mode 0600; a file named by
 * HEARTH_SECRET_KEY_FILE (kept outside the data folder, so a copy of that folder holds no key)
 * must exist. The previous key is HEARTH_PREVIOUS_SECRET_KEY or `<key file>.previous`.
 * Losing the key signs everyone out and makes clinical text unreadable: keep it safe, apart.
 */
export function loadSecretKeys(source: KeySource): SecretKeys {
  if (source.secretKey) return { current: source.secretKey, previous: source.previousSecretKey };
  const file = source.secretKeyFile;
  if (file === defaultKeyFile(source.dataDir)) {
    privateFolder(source.dataDir);
    try {
      // 'wx' fails when the file exists, so two processes starting together cannot both write one.
      fs.writeFileSync(file, newSecret(), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } else if (!fs.existsSync(file)) {
    throw new Error(
      `There is no key file at ${file} (HEARTH_SECRET_KEY_FILE). Move the existing secret.key there, ` +
        'or for a new installation make one: openssl rand -base64 48 > <file> && chmod 600 <file>',
    );
  }
  return {
    current: readKey(file)!,
    previous: source.previousSecretKey ?? readKey(file + PREVIOUS_SUFFIX),
  };
}

/** The key file Hearth makes by itself when no other key is given. */
export function defaultKeyFile(dataDir: string): string {
  return path.join(dataDir, 'secret.key');
}

/** 32 random bytes, as key files hold them. */
export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function readKey(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A key for one purpose, derived from the root secret, so one leak does not expose the others. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'hearth', purpose, 32));
}

/** The cipher for clinical text: seals with the current key, opens with either during a rotation. */
export function clinicalCipherOf(keys: SecretKeys): ClinicalCipher {
  return new ClinicalCipher(...derivedKeys(keys, 'clinical-text'));
}

/** The audit log: hashes with the current key, verifies with either during a rotation. */
export function auditLogOf(engine: Engine, keys: SecretKeys): AuditLog {
  return new AuditLog(engine, ...derivedKeys(keys, 'audit'));
}

function derivedKeys(keys: SecretKeys, purpose: string): [Buffer, Buffer[]] {
  return [deriveKey(keys.current, purpose), keys.previous ? [deriveKey(keys.previous, purpose)] : []];
}
