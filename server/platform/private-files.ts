import fs from 'node:fs';

/**
 * The data folder and what it holds (database, key, outbox, backups) are readable by Hearth's own
 * user only: a folder 0700, a file 0600. Applied to existing ones too, so an installation made
 * before this rule (or copied with a loose umask) is tightened at the next start.
 */
export function privateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Creates the file empty if it is missing, and makes it 0600 either way. */
export function privateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}
