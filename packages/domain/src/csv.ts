/** Parses RFC 4180 CSV; lines starting with `#` before the header are comments (file metadata). */
export function parseCsv(text: string): { comments: string[]; rows: Record<string, string>[] } {
  const comments: string[] = [];
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let atLineStart = true;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (atLineStart && !inQuotes && records.length === 0 && ch === '#') {
      const end = src.indexOf('\n', i);
      comments.push(src.slice(i + 1, end === -1 ? undefined : end).trim());
      i = end === -1 ? src.length : end;
      continue;
    }
    atLineStart = false;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
      atLineStart = true;
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  if (!header) return { comments, rows: [] };
  const rows = body.map((r) => Object.fromEntries(header.map((h, idx) => [h.trim(), (r[idx] ?? '').trim()])));
  return { comments, rows };
}
