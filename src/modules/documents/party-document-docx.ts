import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { type BodyLine } from './document-body';
import { type PromulgatedDocument } from './promulgated-document';

/** Times New Roman throughout; sizes in points (docx counts half-points). */
const FONT = 'Times New Roman';
const pt = (points: number): number => points * 2;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

function line(
  text: string,
  style: RunStyle = {},
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER,
  indentMm = 0,
): Paragraph {
  return new Paragraph({
    alignment,
    ...(indentMm ? { indent: { left: convertMillimetersToTwip(indentMm) } } : {}),
    children: [
      new TextRun({
        text,
        font: FONT,
        size: pt(style.size ?? 14),
        bold: style.bold,
        italics: style.italics,
        ...(style.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
      }),
    ],
  });
}

function cell(children: Paragraph[], widthPercent: number): TableCell {
  return new TableCell({ children, width: { size: widthPercent, type: WidthType.PERCENTAGE } });
}

/** A two-column layout table without borders, as the header and signature blocks are set. */
function columns(left: Paragraph[], right: Paragraph[], leftPercent: number): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(left, leftPercent), cell(right, 100 - leftPercent)] })],
  });
}

function dateLine(place: string, issuedAt: string): string {
  const [year, month, day] = issuedAt.split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * The document laid out by Hướng dẫn 36-HD/VPTW (2018) on A4: the issuing body's block with "*"
 * and "Số …" at the left and "ĐẢNG CỘNG SẢN VIỆT NAM" with the place and date at the right;
 * the type and summary (trích yếu) centred; the body; "Nơi nhận" at the left and the signing
 * block at the right. Margins: top and bottom 20 mm, left 30 mm, right 15 mm.
 */
export async function partyDocumentDocx(
  document: PromulgatedDocument,
  summary: string,
  body: readonly BodyLine[],
): Promise<Buffer> {
  const header = columns(
    [
      ...(document.superiorBody
        ? [line(document.superiorBody.toLocaleUpperCase('vi'), { size: 14 })]
        : []),
      line(document.issuingBody.name.toLocaleUpperCase('vi'), { bold: true, size: 14 }),
      line('*', { size: 14 }),
      line(`Số ${document.symbol}`, { size: 14 }),
    ],
    [
      line('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true, underline: true, size: 15 }),
      line(''),
      line(dateLine(document.place, document.issuedAt), { italics: true, size: 14 }),
    ],
    45,
  );
  const title = [
    line(''),
    line(document.typeName.toLocaleUpperCase('vi'), { bold: true, size: 15 }),
    line(summary, { bold: true, size: 14 }),
    line('-----', { size: 14 }),
    line(''),
  ];
  const content = body.map((entry) =>
    line(entry.text, { bold: entry.heading, size: 14 }, AlignmentType.JUSTIFIED, entry.level * 8),
  );
  const signatureBlock = (onBehalfOf: string, title: string, signer: string): Paragraph[] => [
    line(onBehalfOf, { bold: true, size: 14 }),
    line(title, { bold: true, size: 14 }),
    line(''),
    line(''),
    line(''),
    line(signer, { bold: true, size: 14 }),
  ];
  const recipients = [
    line('Nơi nhận:', { bold: true, underline: true, size: 12 }, AlignmentType.LEFT),
    ...document.recipients.map((recipient) =>
      line(`- ${recipient},`, { size: 11 }, AlignmentType.LEFT),
    ),
    line('- Lưu Văn phòng.', { size: 11 }, AlignmentType.LEFT),
  ];
  const issuerBlock = signatureBlock(document.onBehalfOf, document.signerTitle, document.signer);
  // A joint document (cùng ký ban hành): the partners sign on the left, the issuer on the right,
  // and "Nơi nhận" follows below them.
  const signature = document.coSigners?.length
    ? [
        columns(
          document.coSigners.flatMap((co) =>
            signatureBlock(co.onBehalfOf, co.title.toLocaleUpperCase('vi'), co.signer),
          ),
          issuerBlock,
          50,
        ),
        line(''),
        ...recipients,
      ]
    : [columns(recipients, issuerBlock, 50)];
  const file = new Document({
    creator: document.issuingBody.name,
    title: `${document.typeName} số ${document.symbol}`,
    description: summary,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(20),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(30),
              right: convertMillimetersToTwip(15),
            },
          },
        },
        children: [header, ...title, ...content, line(''), ...signature],
      },
    ],
  });
  return Packer.toBuffer(file);
}
