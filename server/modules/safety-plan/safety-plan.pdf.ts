import PDFDocument from 'pdfkit';
import { SAFETY_PLAN_STEPS, type SafetyPlanContent } from '../../../domain/safety-plan.js';
import type { ServerMessageKey, Translator } from '../../platform/i18n.js';
import type { SafetyPlanView } from './safety-plan.schema.js';

const HEADINGS: Record<(typeof SAFETY_PLAN_STEPS)[number], ServerMessageKey> = {
  warningSigns: 'safetyPlan.pdf.warningSigns',
  onMyOwn: 'safetyPlan.pdf.onMyOwn',
  takeMyMindOff: 'safetyPlan.pdf.takeMyMindOff',
  askForHelp: 'safetyPlan.pdf.askForHelp',
  professionals: 'safetyPlan.pdf.professionals',
  saferSpace: 'safetyPlan.pdf.saferSpace',
  reasonsForLiving: 'safetyPlan.pdf.reasonsForLiving',
};

/** The lines of one step, as printed: a person's name with how to reach them. */
function linesOf(content: SafetyPlanContent, step: (typeof SAFETY_PLAN_STEPS)[number]): string[] {
  const value = content[step];
  return value.map((entry) =>
    typeof entry === 'string' ? entry : entry.reach ? `${entry.name}: ${entry.reach}` : entry.name,
  );
}

/**
 * The plan as a PDF to save or print, in the reader's language: each step with its lines, the date
 * of the version, and where to find help now. Helvetica's Latin-1 covers English and Spanish
 * (á, é, ñ, ¿, ¡); the member's own words are printed as they wrote them.
 */
export function safetyPlanPdf(view: SafetyPlanView, t: Translator): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: t.t('safetyPlan.pdf.title'), Author: 'Hearth' },
    lang: t.locale,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(20).text(t.t('safetyPlan.pdf.title'));
  doc.moveDown(0.3);
  const plan = view.plan;
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444444')
    .text(
      plan
        ? t.t('safetyPlan.pdf.version', {
            version: plan.version,
            date: new Date(plan.savedAt).toLocaleDateString(t.locale === 'en' ? 'en-GB' : t.locale, {
              day: 'numeric',
              month: 'long',
              year: 'numeric',
              timeZone: 'UTC',
            }),
          })
        : t.t('safetyPlan.pdf.empty'),
    );
  doc.fillColor('#000000');
  for (const [i, step] of SAFETY_PLAN_STEPS.entries()) {
    const lines = plan ? linesOf(plan.content, step) : [];
    if (step === 'reasonsForLiving' && lines.length === 0) continue;
    doc.moveDown(0.9);
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(`${i + 1}. ${t.t(HEADINGS[step])}`);
    doc.moveDown(0.2);
    doc.font('Helvetica').fontSize(11);
    if (lines.length === 0) doc.fillColor('#555555').text(t.t('safetyPlan.pdf.nothingYet')).fillColor('#000000');
    for (const line of lines) doc.text(`•  ${line}`, { indent: 8 });
  }
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(11).text(t.t('safetyPlan.pdf.dangerNow'));
  doc.end();
  return done;
}
