import type { EightC, IfsKind, PartRole, SixFsStep } from '../../../domain/ifs.js';
import type { MessageKey } from '../../i18n/i18n.js';

/** Catalog keys for the words of the IFS-informed aids (domain/ifs.ts). */
export const KIND_WORDS: Record<IfsKind, MessageKey> = {
  partsMap: 'ifs.kind.partsMap',
  sixFs: 'ifs.kind.sixFs',
  selfCheck: 'ifs.kind.selfCheck',
};

export const ROLE_WORDS: Record<PartRole, MessageKey> = {
  manager: 'ifs.role.manager',
  firefighter: 'ifs.role.firefighter',
  exile: 'ifs.role.exile',
  unsure: 'ifs.role.unsure',
};

export const SIX_FS_WORDS: Record<SixFsStep, { title: MessageKey; prompt: MessageKey }> = {
  find: { title: 'ifs.sixFs.find.title', prompt: 'ifs.sixFs.find.prompt' },
  focus: { title: 'ifs.sixFs.focus.title', prompt: 'ifs.sixFs.focus.prompt' },
  fleshOut: { title: 'ifs.sixFs.fleshOut.title', prompt: 'ifs.sixFs.fleshOut.prompt' },
  feelToward: { title: 'ifs.sixFs.feelToward.title', prompt: 'ifs.sixFs.feelToward.prompt' },
  befriend: { title: 'ifs.sixFs.befriend.title', prompt: 'ifs.sixFs.befriend.prompt' },
  fear: { title: 'ifs.sixFs.fear.title', prompt: 'ifs.sixFs.fear.prompt' },
};

export const C_WORDS: Record<EightC, MessageKey> = {
  calm: 'ifs.c.calm',
  curiosity: 'ifs.c.curiosity',
  compassion: 'ifs.c.compassion',
  confidence: 'ifs.c.confidence',
  courage: 'ifs.c.courage',
  clarity: 'ifs.c.clarity',
  connectedness: 'ifs.c.connectedness',
  creativity: 'ifs.c.creativity',
};
