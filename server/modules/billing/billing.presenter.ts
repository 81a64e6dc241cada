import { DateTime } from 'luxon';
import { chargeCents, money } from '../../../domain/billing.js';
import {
  NOTE_TEMPLATES,
  type ClinicalRecordDetails,
  type GroupNoteContent,
  type MemberNoteContent,
  type NoteTemplate,
} from '../../../domain/notes.js';
import { toCsv } from '../../platform/csv.js';
import type { Translator } from '../../platform/i18n.js';
import { dayFor } from '../../platform/time-words.js';
import type { BillingLine } from './billing.schema.js';
import { facts, heading, pageNumbers, paragraph, renderPdf, section, table } from './pdf.js';

export interface PracticeFacts {
  billingName: string;
  address: string;
  taxId: string;
  npi: string;
}
export interface ClinicianFacts {
  name: string;
  npi: string | null;
  licence: string | null;
  taxonomy: string | null;
}

/** A line's date of service: the session's date where the group meets. */
export function serviceDate(line: Pick<BillingLine, 'serviceAt' | 'timeZone'>): string {
  return dayFor(line.timeZone, new Date(line.serviceAt));
}

const CSV_HEADER = [
  'line_id',
  'service_date',
  'patient_name',
  'patient_date_of_birth',
  'payer',
  'payer_member_number',
  'group',
  'rendering_provider',
  'rendering_npi',
  'rendering_taxonomy',
  'billing_provider',
  'billing_npi',
  'tax_id',
  'place_of_service',
  'cpt',
  'modifier',
  'add_on_cpt',
  'units',
  'diagnosis_codes',
  'fee',
  'add_on_fee',
  'total',
  'amount_paid',
  'status',
] as const;

/**
 * Billing lines as CSV for a biller or a clearinghouse: one row per line, column names fixed in
 * English (software reads them), formula-safe through platform/csv. Diagnosis codes are separated
 * by spaces in claim order.
 */
export function linesCsv(
  lines: readonly BillingLine[],
  practice: PracticeFacts,
  clinicians: ReadonlyMap<string, ClinicianFacts>,
  records: ReadonlyMap<string, ClinicalRecordDetails | null>,
): string {
  return toCsv(
    CSV_HEADER,
    lines.map((line) => {
      const record = line.userId ? records.get(line.userId) : null;
      const clinician = line.clinicianId ? clinicians.get(line.clinicianId) : undefined;
      return [
        line.id,
        serviceDate(line),
        record?.legalName || line.memberName,
        record?.dateOfBirth ?? '',
        record ? (record.payer.kind === 'self-pay' ? 'self-pay' : record.payer.name) : '',
        record?.payer.memberNumber ?? '',
        line.groupName,
        line.clinicianName ?? '',
        clinician?.npi ?? '',
        clinician?.taxonomy ?? '',
        practice.billingName,
        practice.npi,
        practice.taxId,
        line.placeOfService,
        line.cpt,
        line.modifier ?? '',
        line.addOn ?? '',
        line.units,
        line.diagnosisCodes.join(' '),
        money(line.feeCents * line.units),
        money(line.addOnFeeCents),
        money(chargeCents(line)),
        line.paidCents === null ? '' : money(line.paidCents),
        line.status,
      ];
    }),
  );
}

/**
 * The superbill: everything a member needs to claim reimbursement from their insurer for a range
 * of dates: the practice (name, address, tax ID, NPI), the rendering clinicians (NPI, licence,
 * taxonomy), the member (name, date of birth, address, insurer and member number), the diagnosis
 * codes, and each service with its date, code, modifier, place, units, diagnosis pointers, fee
 * and what was paid on it, then the total charged, the total paid and the balance.
 */
export async function superbillPdf(data: {
  t: Translator;
  practice: PracticeFacts;
  person: { name: string; record: ClinicalRecordDetails | null };
  range: { from: string; to: string };
  lines: readonly BillingLine[];
  clinicians: ReadonlyMap<string, ClinicianFacts>;
  /** The day it is issued, YYYY-MM-DD in the issuer's zone (a UTC date is tomorrow's in an American evening). */
  issuedOn: string;
}): Promise<Buffer> {
  const { t, practice, person, lines } = data;
  const record = person.record;
  const codes = [...new Set(lines.flatMap((l) => l.diagnosisCodes))];
  const pointer = (code: string) => String.fromCharCode(65 + codes.indexOf(code));
  const date = (iso: string) => DateTime.fromISO(iso).setLocale(t.locale).toLocaleString(DateTime.DATE_MED);
  return renderPdf({ title: t.t('billing.superbill.title'), language: t.locale }, (doc) => {
    heading(doc, t.t('billing.superbill.title'));
    paragraph(
      doc,
      t.t('billing.superbill.period', {
        from: date(data.range.from),
        to: date(data.range.to),
        issued: date(data.issuedOn),
      }),
    );

    section(doc, t.t('billing.superbill.provider'));
    facts(doc, [
      [t.t('billing.superbill.practice'), practice.billingName],
      [t.t('billing.superbill.address'), practice.address],
      [t.t('billing.superbill.taxId'), practice.taxId],
      [t.t('billing.superbill.npiType2'), practice.npi],
    ]);

    section(doc, t.t('billing.superbill.patient'));
    facts(doc, [
      [t.t('billing.superbill.name'), record?.legalName || person.name],
      [t.t('billing.superbill.dateOfBirth'), record?.dateOfBirth ? date(record.dateOfBirth) : null],
      [t.t('billing.superbill.address'), record?.address],
      [
        t.t('billing.superbill.payer'),
        record ? (record.payer.kind === 'self-pay' ? t.t('billing.superbill.selfPay') : record.payer.name) : null,
      ],
      [t.t('billing.superbill.memberNumber'), record?.payer.memberNumber],
    ]);

    section(doc, t.t('billing.superbill.diagnoses'));
    if (codes.length === 0) paragraph(doc, t.t('billing.superbill.noDiagnoses'));
    else paragraph(doc, codes.map((code) => `${pointer(code)}. ${code}`).join('    '));

    section(doc, t.t('billing.superbill.services'));
    table(
      doc,
      [
        { label: t.t('billing.superbill.date'), width: 0.14 },
        { label: t.t('billing.superbill.cpt'), width: 0.1 },
        { label: t.t('billing.superbill.modifier'), width: 0.07 },
        { label: t.t('billing.superbill.place'), width: 0.07 },
        { label: t.t('billing.superbill.units'), width: 0.07, align: 'right' },
        { label: t.t('billing.superbill.pointer'), width: 0.08 },
        { label: t.t('billing.superbill.clinician'), width: 0.25 },
        { label: t.t('billing.superbill.fee'), width: 0.11, align: 'right' },
        { label: t.t('billing.superbill.paid'), width: 0.11, align: 'right' },
      ],
      lines.flatMap((line) => {
        const base = [
          date(serviceDate(line)),
          line.cpt,
          line.modifier ?? '',
          line.placeOfService,
          String(line.units),
          line.diagnosisCodes.map(pointer).join(''),
          line.clinicianName ?? '',
          money(line.feeCents * line.units),
          // What was paid covers the whole line, its add-on too: shown once, on its first row.
          line.paidCents === null ? '' : money(line.paidCents),
        ];
        return line.addOn
          ? [
              base,
              [
                base[0]!,
                line.addOn,
                line.modifier ?? '',
                line.placeOfService,
                '1',
                base[5]!,
                base[6]!,
                money(line.addOnFeeCents),
                '',
              ],
            ]
          : [base];
      }),
    );
    const total = lines.reduce((sum, line) => sum + chargeCents(line), 0);
    const paid = lines.reduce((sum, line) => sum + (line.paidCents ?? 0), 0);
    facts(doc, [
      [t.t('billing.superbill.total'), money(total)],
      [t.t('billing.superbill.totalPaid'), money(paid)],
      [t.t('billing.superbill.balance'), money(total - paid)],
    ]);

    const rendering = [...new Set(lines.flatMap((l) => (l.clinicianId ? [l.clinicianId] : [])))];
    section(doc, t.t('billing.superbill.clinicians'));
    for (const id of rendering) {
      const clinician = data.clinicians.get(id);
      facts(doc, [
        [t.t('billing.superbill.name'), clinician?.name],
        [t.t('billing.superbill.npiType1'), clinician?.npi],
        [t.t('billing.superbill.licence'), clinician?.licence],
        [t.t('billing.superbill.taxonomy'), clinician?.taxonomy],
      ]);
      doc.moveDown(0.3);
    }
    section(doc, t.t('billing.superbill.howToClaim'));
    paragraph(doc, t.t('billing.superbill.howToClaimText'));
    pageNumbers(doc, (page, pages) => t.t('billing.pdf.page', { page, pages }));
  });
}

/** A signed progress note as its PDF needs it (notes.service `progressNote`). */
export interface NoteForPdf {
  name: string;
  groupName: string;
  startsAt: string;
  timeZone: string;
  attendance: string;
  template: NoteTemplate;
  content: MemberNoteContent;
  groupPart: GroupNoteContent | null;
  signed: Signature | null;
  cosigned: Signature | null;
  addenda: Array<{ text: string; signed: Signature }>;
}
interface Signature {
  name: string;
  credential: string;
  at: string;
  hash: string;
}

/**
 * A signed progress note: the session, the group part as signed, the member's own part in the
 * practice's template, the signature block (and co-signature), and every addendum with its own
 * signature, in the reader's language. Times are in the group's zone, named.
 */
export async function notePdf(t: Translator, note: NoteForPdf): Promise<Buffer> {
  const when = (iso: string) =>
    DateTime.fromISO(iso, { zone: note.timeZone })
      .setLocale(t.locale)
      .toLocaleString({ ...DateTime.DATETIME_MED, timeZoneName: 'short' });
  const signature = (label: string, s: Signature) =>
    [
      [label, `${s.name}${s.credential ? `, ${s.credential}` : ''}`],
      [t.t('billing.note.signedAt'), when(s.at)],
      [t.t('billing.note.hash'), s.hash],
    ] as const;
  return renderPdf({ title: t.t('billing.note.title'), language: t.locale }, (doc) => {
    heading(doc, t.t('billing.note.title'));
    facts(doc, [
      [t.t('billing.note.member'), note.name],
      [t.t('billing.note.group'), note.groupName],
      [t.t('billing.note.session'), when(note.startsAt)],
      [
        t.t('billing.note.attendance'),
        t.t(`billing.note.attended.${note.attendance as 'present' | 'late' | 'left-early'}`),
      ],
      [t.t('billing.note.template'), note.template],
    ]);
    if (note.groupPart) {
      const part = note.groupPart;
      section(doc, t.t('billing.note.groupPart'));
      facts(doc, [
        [t.t('billing.note.themes'), part.themes],
        [
          t.t('billing.note.interventions'),
          [...part.interventions.map((i) => t.t(`billing.note.intervention.${i}`)), part.interventionsOther]
            .filter(Boolean)
            .join('; '),
        ],
        [t.t('billing.note.groupProcess'), part.groupProcess],
        [t.t('billing.note.factors'), part.factors.map((f) => t.t(`billing.note.factor.${f}`)).join('; ')],
        [t.t('billing.note.groupRisk'), part.risk],
      ]);
    }
    section(doc, t.t('billing.note.ownPart'));
    facts(doc, [
      ...NOTE_TEMPLATES[note.template].map(
        (s) => [t.t(`billing.note.section.${s}`), note.content.sections[s] ?? ''] as const,
      ),
      [t.t('billing.note.participation'), note.content.participation],
      [t.t('billing.note.goalProgress'), note.content.goalProgress],
      [t.t('billing.note.risk'), note.content.risk],
    ]);
    section(doc, t.t('billing.note.signatures'));
    if (note.signed) facts(doc, signature(t.t('billing.note.signedBy'), note.signed));
    if (note.cosigned) {
      doc.moveDown(0.3);
      facts(doc, signature(t.t('billing.note.cosignedBy'), note.cosigned));
    }
    for (const [i, addendum] of note.addenda.entries()) {
      section(doc, t.t('billing.note.addendum', { number: i + 1 }));
      paragraph(doc, addendum.text);
      doc.moveDown(0.3);
      facts(doc, signature(t.t('billing.note.signedBy'), addendum.signed));
    }
    pageNumbers(doc, (page, pages) => t.t('billing.pdf.page', { page, pages }));
  });
}
