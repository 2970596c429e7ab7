/**
 * The dispatch note (发货单) of a material request as a PDF: pdfkit and the platform's CJK font and printable text
 * (platform/pdf, shared with the situation reports and quarantine notices), with the lots picked and signature lines
 * for the sender, the carrier and the receiver.
 */
import PDFDocument from 'pdfkit';
import { pdfFontBytes, printableText } from '../../platform/pdf/pdf-font.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';

export interface DispatchNote {
  code: string;
  requesterName: string;
  supplierName: string | null;
  priority: string;
  neededBy: string;
  deliveryAddress: string;
  approvedByName: string | null;
  lines: { itemName: string; unit: string; quantityApproved: number | null; quantityCommitted: number }[];
  lots: { name: string; unit: string; lot: string; expires_on: string | null; quantity: number }[];
}

const PRIORITY_ZH: Record<string, string> = { routine: '常规', urgent: '紧急', critical: '特急' };

export function renderDispatchNotePdf(note: DispatchNote, now = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `发货单 ${note.code}`, Creator: 'Outbreak Command' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const printable = printableText();
  doc.registerFont('cjk', pdfFontBytes());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(18).text(printable('应急物资发货单 Dispatch note'), { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(10);
  const facts: [string, string][] = [
    ['申请编号 Request', note.code],
    ['申请方 Requester', note.requesterName],
    ['发货仓库 From', note.supplierName ?? ''],
    ['优先级 Priority', `${PRIORITY_ZH[note.priority] ?? note.priority} ${note.priority}`],
    ['需求日期 Needed by', note.neededBy],
    ['收货地址 Deliver to', note.deliveryAddress || '—'],
    ['批准人 Approved by', note.approvedByName ?? ''],
    ['打印时间 Printed', districtDateTime(now)],
  ];
  for (const [k, v] of facts) doc.text(printable(`${k}：${v}`));
  doc.moveDown(0.8);
  const cols = [0.34, 0.18, 0.18, 0.15, 0.15].map((f) => f * width);
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = left;
    let height = 0;
    cells.forEach((cell, i) => {
      doc.fontSize(bold ? 10 : 9).text(printable(cell), x + 2, y, { width: cols[i]! - 4 });
      height = Math.max(height, doc.y - y);
      x += cols[i]!;
    });
    doc.y = y + height + 4;
    doc
      .moveTo(left, doc.y - 2)
      .lineTo(left + width, doc.y - 2)
      .strokeColor('#999')
      .lineWidth(0.5)
      .stroke();
    if (doc.y > doc.page.height - 120) doc.addPage();
  };
  row(['物资 Item', '批号 Lot', '有效期 Expires', '数量 Qty', '单位 Unit'], true);
  for (const l of note.lots) row([l.name, l.lot, l.expires_on ?? '—', String(l.quantity), l.unit]);
  doc.moveDown(0.5);
  doc.x = left;
  doc
    .fontSize(9)
    .text(
      printable(note.lines.map((l) => `${l.itemName}：批准 ${l.quantityApproved ?? 0}，配货 ${l.quantityCommitted} ${l.unit}`).join('\n')),
      left,
      doc.y,
      { width },
    );
  doc.moveDown(2);
  doc
    .fontSize(10)
    .text(
      printable('发货人签字 Sender：____________    承运人签字 Carrier：____________    收货人签字 Receiver：____________'),
      left,
      doc.y,
      { width },
    );
  doc.end();
  return done;
}
