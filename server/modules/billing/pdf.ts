import PDFDocument from 'pdfkit';

/**
 * PDFs through pdfkit (decision 0039) with its built-in Helvetica, whose WinAnsi encoding covers
 * Latin-1: Spanish (ñ, á, é, í, ó, ú, ü, ¿, ¡) and the typographic quotes and dashes the catalogs
 * use. Letter size, for US payers.
 */
export type Pdf = InstanceType<typeof PDFDocument>;

export const MARGIN = 54;
const WIDTH = 612 - 2 * MARGIN;

/** Writes a document with `draw` and returns its bytes. */
export async function renderPdf(info: { title: string; language: string }, draw: (doc: Pdf) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: { Title: info.title, Producer: 'Hearth', Creator: 'Hearth' },
    lang: info.language,
    displayTitle: true,
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica');
  draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export function heading(doc: Pdf, text: string, size = 18): void {
  doc.font('Helvetica-Bold').fontSize(size).fillColor('#1f2933').text(text, { width: WIDTH });
  doc.font('Helvetica').fontSize(10).moveDown(0.4);
}

export function section(doc: Pdf, text: string): void {
  ensureRoom(doc, 60);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(12).text(text, MARGIN, undefined, { width: WIDTH });
  doc
    .moveTo(MARGIN, doc.y + 2)
    .lineTo(MARGIN + WIDTH, doc.y + 2)
    .strokeColor('#9aa5b1')
    .lineWidth(0.5)
    .stroke();
  doc.font('Helvetica').fontSize(10).moveDown(0.4);
}

/** "Label: value" lines; a missing value is left out. */
export function facts(doc: Pdf, rows: ReadonlyArray<readonly [string, string | null | undefined]>): void {
  for (const [label, value] of rows) {
    if (!value) continue;
    ensureRoom(doc, 14);
    doc.font('Helvetica-Bold').text(`${label}: `, MARGIN, undefined, { continued: true, width: WIDTH });
    doc.font('Helvetica').text(value, { width: WIDTH });
  }
}

export function paragraph(doc: Pdf, text: string): void {
  ensureRoom(doc, 14);
  doc.font('Helvetica').fontSize(10).text(text, MARGIN, undefined, { width: WIDTH });
}

/** A table with a bold header row; `widths` are fractions of the page's width; a row too long for the page continues on the next. */
export function table(
  doc: Pdf,
  columns: ReadonlyArray<{ label: string; width: number; align?: 'left' | 'right' }>,
  rows: ReadonlyArray<readonly string[]>,
): void {
  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width * WIDTH - 4 }));
    const height = Math.max(...heights) + 6;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      doc.text(cell, x + 2, top + 3, { width: column.width * WIDTH - 4, align: column.align ?? 'left' });
      x += column.width * WIDTH;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + WIDTH, top + height)
      .strokeColor(bold ? '#52606d' : '#cbd2d9')
      .lineWidth(0.5)
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.label),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.font('Helvetica').fontSize(10).moveDown(0.4);
}

/** Starts a new page unless `room` points are left. */
export function ensureRoom(doc: Pdf, room: number): void {
  if (doc.y + room > doc.page.height - MARGIN) doc.addPage();
}

/** "Page 1 of 2" at the foot of every page, once the document is laid out. */
export function pageNumbers(doc: Pdf, words: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#52606d')
      .text(words(i + 1, range.count), MARGIN, doc.page.height - MARGIN / 2 - 8, { width: WIDTH, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#1f2933');
}
