// Document metadata names the author: a DOCX's or XLSX's creator, last editor and company, a PDF's
// Author/Creator/Producer and its XMP packet. Reviewers get copies with these removed (issue #9).
import { DOCX_TYPE, strippableTypes, XLSX_ATTACHMENT_TYPE, zipEntries, MAX_UNPACKED_BYTES } from '@kamkor/domain';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/** Elements of docProps/core.xml and docProps/app.xml that name people or organisations; emptied. */
const CORE_ELEMENTS = ['dc:creator', 'cp:lastModifiedBy', 'dc:contributor', 'cp:contentStatus', 'dc:publisher'];
const APP_ELEMENTS = ['Company', 'Manager', 'HyperlinkBase'];

/** Empties `<tag …>…</tag>` (any attributes, any content) in an XML text. */
function emptyElement(xml: string, tag: string): string {
  const t = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return xml.replace(new RegExp(`<${t}(\\s[^>]*)?>[\\s\\S]*?</${t}>`, 'g'), `<${tag}></${tag}>`);
}

async function stripOfficeZip(data: Uint8Array): Promise<Uint8Array> {
  // The sniffer checked the directory already; check again so this can never unpack a bomb.
  const entries = zipEntries(data);
  if (!entries || entries.reduce((s, e) => s + e.size, 0) > MAX_UNPACKED_BYTES) throw new Error('not a safe zip');
  const zip = await JSZip.loadAsync(data);
  const core = zip.file('docProps/core.xml');
  if (core) {
    let xml = await core.async('string');
    for (const tag of CORE_ELEMENTS) xml = emptyElement(xml, tag);
    zip.file('docProps/core.xml', xml);
  }
  const app = zip.file('docProps/app.xml');
  if (app) {
    let xml = await app.async('string');
    for (const tag of APP_ELEMENTS) xml = emptyElement(xml, tag);
    zip.file('docProps/app.xml', xml);
  }
  // Custom properties are free-form (often the organisation's name or a contact): dropped with their reference.
  if (zip.file('docProps/custom.xml')) {
    zip.remove('docProps/custom.xml');
    for (const rels of ['_rels/.rels']) {
      const f = zip.file(rels);
      if (f) zip.file(rels, (await f.async('string')).replace(/<Relationship\b[^>]*Target="\/?docProps\/custom\.xml"[^>]*\/>/g, ''));
    }
    const ct = zip.file('[Content_Types].xml');
    if (ct) zip.file('[Content_Types].xml', (await ct.async('string')).replace(/<Override\b[^>]*PartName="\/docProps\/custom\.xml"[^>]*\/>/g, ''));
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

async function stripPdf(data: Uint8Array): Promise<Uint8Array> {
  // updateMetadata: false — pdf-lib would otherwise write its own Producer/Creator and dates.
  const doc = await PDFDocument.load(data, { updateMetadata: false });
  const infoRef = doc.context.trailerInfo.Info;
  const info = infoRef ? doc.context.lookup(infoRef) : undefined;
  if (info instanceof PDFDict) {
    for (const key of ['Author', 'Creator', 'Producer']) info.delete(PDFName.of(key));
  }
  // The XMP packet repeats the author and the tools; remove the stream object itself, not only the link.
  const xmp = doc.catalog.get(PDFName.of('Metadata'));
  doc.catalog.delete(PDFName.of('Metadata'));
  if (xmp instanceof PDFRef) doc.context.delete(xmp);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

/**
 * A copy of a DOCX, XLSX or PDF with its document metadata removed, or null when the type has none to
 * remove (images) or the file cannot be rewritten (an encrypted or broken PDF): such files reach
 * reviewers only after the secretary marks them anonymised.
 */
export async function stripDocumentMetadata(data: Uint8Array, contentType: string): Promise<Uint8Array | null> {
  if (!strippableTypes.includes(contentType)) return null;
  try {
    if (contentType === DOCX_TYPE || contentType === XLSX_ATTACHMENT_TYPE) return await stripOfficeZip(data);
    return await stripPdf(data);
  } catch {
    return null;
  }
}
