/** Billing settings and a clinician's identifiers that pass every check (docs/billing.md). */
export const SETTINGS = {
  billingName: 'Harbour Light Group Practice, PLLC',
  address: '14 Harbour Street, Suite 2, Portland, ME 04101',
  taxId: '12-3456789',
  npi: '1245319599',
  telehealthPlace: '10',
  fees: [
    { cpt: '90853', feeCents: 6500 },
    { cpt: '90849', feeCents: 8000 },
    { cpt: '90785', feeCents: 1500 },
  ],
};
export const MAYA_BILLING = { npi: '1234567893', licence: 'LCSW 12345 (ME)', taxonomy: '1041C0700X' };

/** An insured member's clinical record with a diagnosis code: what a claim needs (decision 0039). */
export const INSURED_RECORD = {
  legalName: 'Samuel Núñez',
  dateOfBirth: '1990-04-02',
  pronouns: '',
  address: '3 Calle Mayor, Portland, ME',
  diagnosisCodes: ['F41.1'],
  payer: { kind: 'insurance', name: 'Harbour Mutual', memberNumber: 'HM-22' },
  goals: [{ words: 'Say no at work', measure: 'Once a week' }],
};
