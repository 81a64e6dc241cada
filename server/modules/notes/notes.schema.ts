import { z } from 'zod';
import { ATTENDED } from '../../../domain/attendance.js';
import {
  COMMON_DIAGNOSES,
  GoalsLimit,
  INTERVENTIONS,
  isIcd10Cm,
  NOTE_SECTIONS,
  NOTE_TEMPLATE_NAMES,
  NoteTextLimit,
  PAYER_KINDS,
  SignWithinDaysLimit,
  THERAPEUTIC_FACTORS,
} from '../../../domain/notes.js';

const Text = z.string().max(NoteTextLimit.max);
const Id = z.string().min(1).max(64);

export const NoteParamsSchema = z.object({ noteId: Id });
export const MemberNoteParamsSchema = z.object({ groupId: Id, sessionId: Id, memberId: Id });
export const PersonParamsSchema = z.object({ userId: Id });

export const GroupNoteContentSchema = z.object({
  themes: Text,
  interventions: z
    .array(z.enum(INTERVENTIONS, { error: 'problem.notes.intervention' }))
    .max(INTERVENTIONS.length)
    .refine((list) => new Set(list).size === list.length, 'problem.notes.once'),
  interventionsOther: z.string().max(500),
  groupProcess: Text,
  factors: z
    .array(z.enum(THERAPEUTIC_FACTORS, { error: 'problem.notes.factor' }))
    .max(THERAPEUTIC_FACTORS.length)
    .refine((list) => new Set(list).size === list.length, 'problem.notes.once'),
  risk: Text,
});

export const MemberNoteContentSchema = z.object({
  sections: z.partialRecord(z.enum(NOTE_SECTIONS, { error: 'problem.notes.section' }), Text),
  participation: Text,
  goalProgress: Text,
  risk: Text,
});

export const SaveGroupNoteBodySchema = z.object({ content: GroupNoteContentSchema });
export const SaveMemberNoteBodySchema = z.object({ content: MemberNoteContentSchema });
export const AddendumBodySchema = z.object({
  text: z.string().trim().min(1, 'problem.field.fillIn').max(NoteTextLimit.max),
});

const Signed = z.object({ name: z.string(), credential: z.string(), at: z.string(), hash: z.string() });

const Attendance = z.enum(ATTENDED as unknown as ['present', 'late', 'left-early']);

export const ProgressNoteSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  /** Their account, for their clinical record; null for a place without one. */
  userId: z.string().nullable(),
  /** The name the member was referred under: staff only (peers never see it). */
  name: z.string(),
  displayName: z.string().nullable(),
  attendance: Attendance,
  template: z.enum(NOTE_TEMPLATE_NAMES as unknown as ['DAP', 'SOAP', 'BIRP']),
  status: z.enum(['draft', 'signed']),
  authorId: z.string().nullable(),
  content: MemberNoteContentSchema,
  /** The group note as signed with this note; null while a draft (the draft follows the group note). */
  groupPart: GroupNoteContentSchema.nullable(),
  signed: Signed.nullable(),
  cosignerId: z.string().nullable(),
  cosigned: Signed.nullable(),
  releasedAt: z.string().nullable(),
  addenda: z.array(z.object({ id: z.string(), text: z.string(), signed: Signed })),
  updatedAt: z.string(),
});

export const PrefillSchema = z.object({
  attendance: z.array(z.object({ memberId: z.string(), name: z.string(), status: z.string().nullable() })),
  measures: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      instrument: z.string(),
      total: z.number().nullable(),
      band: z.string().nullable(),
      safetyFlag: z.boolean(),
      submittedAt: z.string(),
    }),
  ),
  alerts: z.array(
    z.object({
      memberId: z.string().nullable(),
      name: z.string().nullable(),
      kind: z.string(),
      urgency: z.string(),
      createdAt: z.string(),
      resolved: z.boolean(),
    }),
  ),
  /**
   * What the session's live room recorded (its summary, docs/room.md): check-ins, including those
   * shared with facilitators only (notes are for clinicians), check-out scores and share of voice.
   * Null when the session had no room.
   */
  room: z
    .object({
      checkIns: z.array(
        z.object({
          memberId: z.string(),
          name: z.string(),
          mood: z.number(),
          word: z.string(),
          part: z.string().nullable(),
          share: z.enum(['group', 'facilitators']),
        }),
      ),
      checkOuts: z.array(
        z.object({
          memberId: z.string(),
          name: z.string(),
          status: z.string(),
          total: z.number().nullable(),
          band: z.string().nullable(),
        }),
      ),
      voice: z.array(
        z.object({
          memberId: z.string(),
          name: z.string(),
          seconds: z.number(),
          turns: z.number(),
          quiet: z.boolean(),
        }),
      ),
    })
    .nullable(),
  /** Since when measures and alerts were gathered: the end of the last signed session, or null for all. */
  since: z.string().nullable(),
});

export const SessionNotesSchema = z.object({
  session: z.object({
    id: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    timeZone: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['scheduled', 'cancelled']),
  }),
  template: z.enum(NOTE_TEMPLATE_NAMES as unknown as ['DAP', 'SOAP', 'BIRP']),
  /** Whether the viewer may write and sign these notes (a facilitator of the session's group). */
  canWrite: z.boolean(),
  /** Members marked absent: they get no note, listed so the clinician sees the whole room. */
  absent: z.array(z.object({ memberId: z.string(), name: z.string(), status: z.string() })),
  /** Members the session expected whose attendance is not recorded yet. */
  unmarked: z.array(z.object({ memberId: z.string(), name: z.string() })),
  groupNote: z
    .object({
      id: z.string(),
      status: z.enum(['draft', 'signed']),
      authorId: z.string().nullable(),
      content: GroupNoteContentSchema,
      signed: Signed.nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  notes: z.array(ProgressNoteSchema),
  prefill: PrefillSchema,
});
export type SessionNotes = z.infer<typeof SessionNotesSchema>;

export const SignResultSchema = z.object({ signed: z.number().int(), awaitingCosignature: z.number().int() });

export const SingleNoteSchema = ProgressNoteSchema.extend({
  groupId: z.string(),
  groupName: z.string(),
  sessionId: z.string(),
  startsAt: z.string(),
  timeZone: z.string(),
});

export const NoteSettingsSchema = z.object({
  template: z.enum(NOTE_TEMPLATE_NAMES as unknown as ['DAP', 'SOAP', 'BIRP'], { error: 'problem.notes.template' }),
  signWithinDays: z.number().int().min(SignWithinDaysLimit.min).max(SignWithinDaysLimit.max),
});

export const SignerBodySchema = z.object({
  credential: z.string().trim().max(60),
  supervisorId: Id.nullable(),
});

export const SignersSchema = z.object({
  signers: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      role: z.string(),
      credential: z.string(),
      supervisorId: z.string().nullable(),
    }),
  ),
});

const Session = {
  sessionId: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  timeZone: z.string(),
  startsAt: z.string(),
};

export const NotesToDoSchema = z.object({
  signWithinDays: z.number().int(),
  /** Sessions of the viewer's groups without signed notes (facilitators), with their age. */
  unsigned: z.array(z.object({ ...Session, days: z.number().int(), overdue: z.boolean(), started: z.boolean() })),
  /** Notes waiting for the viewer's co-signature (supervisors). */
  cosign: z.array(
    z.object({ ...Session, noteId: z.string(), memberName: z.string(), signedName: z.string(), signedAt: z.string() }),
  ),
  /** For owners and admins: every overdue session of the practice, with its facilitators; never content. */
  overdue: z.array(z.object({ ...Session, days: z.number().int(), facilitators: z.array(z.string()) })),
});

const DateOfBirth = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'problem.field.date')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() < Date.now();
  }, 'problem.clinicalRecord.dateOfBirth');

export const ClinicalRecordBodySchema = z.object({
  legalName: z.string().trim().min(1, 'problem.field.fillIn').max(200),
  dateOfBirth: DateOfBirth,
  pronouns: z.string().trim().max(60),
  address: z.string().trim().max(500),
  diagnosisCodes: z
    .array(
      z
        .string()
        .trim()
        .transform((code) => code.toUpperCase())
        .refine(isIcd10Cm, 'problem.clinicalRecord.icd10'),
    )
    .max(12)
    .refine((list) => new Set(list).size === list.length, 'problem.notes.once'),
  payer: z
    .object({
      kind: z.enum(PAYER_KINDS, { error: 'problem.clinicalRecord.payerKind' }),
      name: z.string().trim().max(200),
      memberNumber: z.string().trim().max(60),
    })
    .refine((payer) => payer.kind === 'self-pay' || payer.name !== '', {
      message: 'problem.clinicalRecord.payerName',
      path: ['name'],
    }),
  goals: z
    .array(
      z.object({
        words: z.string().trim().min(1, 'problem.field.fillIn').max(500),
        measure: z.string().trim().min(1, 'problem.clinicalRecord.goalMeasure').max(500),
      }),
    )
    .min(GoalsLimit.min, 'problem.clinicalRecord.goals')
    .max(GoalsLimit.max, 'problem.clinicalRecord.goals'),
});
export type ClinicalRecordBody = z.infer<typeof ClinicalRecordBodySchema>;

export const ClinicalRecordSchema = z.object({
  userId: z.string(),
  /** The name the person is known by in the practice. */
  name: z.string(),
  record: ClinicalRecordBodySchema.nullable(),
  updatedAt: z.string().nullable(),
  commonDiagnoses: z.array(z.enum(COMMON_DIAGNOSES)),
});

export const MyNotesSchema = z.object({
  notes: z.array(
    z.object({
      id: z.string(),
      practice: z.string(),
      group: z.string(),
      startsAt: z.string(),
      timeZone: z.string(),
      attendance: z.string(),
      template: z.string(),
      groupPart: GroupNoteContentSchema,
      content: MemberNoteContentSchema,
      signed: Signed.omit({ hash: true }),
      releasedAt: z.string(),
    }),
  ),
});
