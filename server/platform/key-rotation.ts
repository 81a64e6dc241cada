import { symmetricDecrypt, symmetricEncrypt } from 'better-auth/crypto';
import type { Database } from '../db/connect.js';
import { authSecretConfig } from './auth/auth.js';
import { reencryptClinicalText, type ReencryptOptions } from './crypto/reencrypt.js';
import { auditLogOf, clinicalCipherOf, type SecretKeys } from './secret-key.js';

export interface RotationReport {
  twoFactorAccounts: number;
  clinicalValues: number;
  auditRecords: number;
}

/**
 * Moves everything sealed with the previous root key to the current one (docs/decisions/0016):
 * two-step secrets and recovery codes, clinical text, and the audit log's hashes; then records
 * the rotation in every chain. Each step skips what is already done, so an interrupted rotation
 * is finished by running it again. Sessions need nothing: their cookies were signed with the old
 * key, so everyone signs in again.
 */
export async function completeKeyRotation(
  database: Database,
  keys: SecretKeys & { previous: string },
  options: ReencryptOptions = {},
): Promise<RotationReport> {
  const twoFactorAccounts = await resealTwoFactorSecrets(database, keys);
  const clinicalValues = await reencryptClinicalText(database.db, clinicalCipherOf(keys), options);
  const audit = auditLogOf(database.engine, keys);
  const auditRecords = await audit.rekey(database.db);
  const practices = await database.db.selectFrom('practices').select('id').execute();
  await database.db.transaction().execute(async (trx) => {
    // The instance's chain and each practice's, so every practice's admins see it.
    for (const chain of [null, ...practices.map((p) => p.id)]) {
      await audit.record(trx, {
        action: 'security.key_rotated',
        practiceId: chain,
        actor: null,
        detail: { twoFactorAccounts, clinicalValues, auditRecords },
      });
    }
  });
  return { twoFactorAccounts, clinicalValues, auditRecords };
}

/**
 * better-auth seals each two-step secret and its recovery codes with its own key (derived from
 * the root), naming the key's version: re-seal those not under the current version. Few rows,
 * one transaction, and the first step, so two-step sign-in works again as soon as possible.
 */
async function resealTwoFactorSecrets(database: Database, keys: SecretKeys): Promise<number> {
  const key = authSecretConfig(keys);
  const current = `$ba$${key.currentVersion}$`;
  const rows = await database.db.selectFrom('twoFactors').select(['id', 'secret', 'backupCodes']).execute();
  const stale = rows.filter((r) => !r.secret.startsWith(current) || !r.backupCodes.startsWith(current));
  await database.db.transaction().execute(async (trx) => {
    for (const row of stale) {
      const reseal = async (data: string) => symmetricEncrypt({ key, data: await symmetricDecrypt({ key, data }) });
      await trx
        .updateTable('twoFactors')
        .set({ secret: await reseal(row.secret), backupCodes: await reseal(row.backupCodes) })
        .where('id', '=', row.id)
        .where('secret', '=', row.secret)
        .execute();
    }
  });
  return stale.length;
}
