import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { DOCX_TYPE, sniffAttachment, XLSX_ATTACHMENT_TYPE } from '@kamkor/domain';
import { stripDocumentMetadata } from './strip-metadata.ts';

const NGO = 'Umut-Nadezhda';
const PERSON = 'Айгүл Мамытова';
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1') + Buffer.from(b).toString('utf8');

/** A minimal but real DOCX (Word opens it) whose properties name the NGO and its staff member. */
async function docx(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
  );
  zip.file('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>План мероприятий проекта</w:t></w:r></w:p></w:body></w:document>');
  zip.file(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>План</dc:title><dc:creator>${PERSON}</dc:creator><cp:lastModifiedBy>${NGO}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T10:00:00Z</dcterms:created></cp:coreProperties>`,
  );
  zip.file('docProps/app.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>ОФ «${NGO}»</Company><Manager>${PERSON}</Manager></Properties>`);
  zip.file('docProps/custom.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property name="Org"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${NGO}</vt:lpwstr></property></Properties>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('document metadata stripping', () => {
  it('clears creator, last editor, company and custom properties of a DOCX, keeping the text', async () => {
    const original = await docx();
    expect(sniffAttachment(original)).toBe(DOCX_TYPE);
    const before = await JSZip.loadAsync(original);
    expect(await before.file('docProps/core.xml')!.async('string')).toContain(PERSON);

    const stripped = (await stripDocumentMetadata(original, DOCX_TYPE))!;
    expect(sniffAttachment(stripped)).toBe(DOCX_TYPE);
    const zip = await JSZip.loadAsync(stripped);
    for (const name of Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)) {
      const body = await zip.file(name)!.async('string');
      expect(body, name).not.toContain(NGO);
      expect(body, name).not.toContain(PERSON);
    }
    expect(zip.file('docProps/custom.xml')).toBeNull();
    expect(await zip.file('_rels/.rels')!.async('string')).not.toContain('custom.xml');
    expect(await zip.file('[Content_Types].xml')!.async('string')).not.toContain('custom.xml');
    expect(await zip.file('word/document.xml')!.async('string')).toContain('План мероприятий проекта');
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('<dc:creator></dc:creator>');
    expect(await zip.file('docProps/app.xml')!.async('string')).toContain('<Application>Microsoft Office Word</Application>');
  });

  it('clears an XLSX written by exceljs with the organisation as creator and company', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = NGO;
    wb.lastModifiedBy = PERSON;
    wb.company = `ОФ «${NGO}»`;
    wb.addWorksheet('Бюджет').addRow(['Аренда', 120000]);
    const original = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(sniffAttachment(original)).toBe(XLSX_ATTACHMENT_TYPE);
    const stripped = (await stripDocumentMetadata(original, XLSX_ATTACHMENT_TYPE))!;
    const zip = await JSZip.loadAsync(stripped);
    for (const name of Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)) {
      const body = await zip.file(name)!.async('string');
      expect(body, name).not.toContain(NGO);
      expect(body, name).not.toContain(PERSON);
    }
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(stripped) as unknown as ArrayBuffer);
    expect(back.getWorksheet('Бюджет')!.getRow(1).getCell(2).value).toBe(120000);
  });

  it("removes a PDF's Author, Creator, Producer and XMP packet, keeping the pages", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    page.drawText('Project plan', { x: 50, y: 800, font: await doc.embedFont(StandardFonts.Helvetica) });
    doc.setAuthor(NGO);
    doc.setCreator(`${NGO} Office`);
    doc.setProducer(`${NGO} PDF`);
    doc.setTitle('Plan');
    const xmp = doc.context.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${NGO}</dc:creator></x:xmpmeta>`, { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
    const original = await doc.save({ useObjectStreams: false });
    expect(sniffAttachment(original)).toBe('application/pdf');
    expect(text(original)).toContain(NGO);

    const stripped = (await stripDocumentMetadata(original, 'application/pdf'))!;
    expect(text(stripped)).not.toContain(NGO);
    const back = await PDFDocument.load(stripped, { updateMetadata: false });
    expect(back.getAuthor()).toBeUndefined();
    expect(back.getCreator()).toBeUndefined();
    expect(back.getProducer()).toBeUndefined();
    expect(back.getTitle()).toBe('Plan');
    expect(back.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    expect(back.getPageCount()).toBe(1);
  });

  it('gives no copy for images or files it cannot rewrite (they wait for the secretary)', async () => {
    expect(await stripDocumentMetadata(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png')).toBeNull();
    expect(await stripDocumentMetadata(new TextEncoder().encode('%PDF-1.7 broken'), 'application/pdf')).toBeNull();
  });
});
