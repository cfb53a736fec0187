import { readdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseURL, DEMO_PASSWORD } from './helpers.ts';
import { actorEmails, actors, rows, type ActorKey, type Cell, type Fixtures, type Row } from './route-matrix.ts';

// Walks the route matrix (route-matrix.ts) over plain HTTP against this file's own server and database,
// so the amendment it starts and the records it may touch are seen by no other test file.

const routesDir = new URL('../app/routes/', import.meta.url);
/** Text of the draft amendment's line and indicator, and the line's budget (77 777,77 som). */
const DRAFT_MARKER = 'MATRIX-DRAFT-AMENDMENT';

interface Session {
  cookie: string | null;
  csrf: string | null;
  ip: string;
}
const sessions = {} as Record<ActorKey, Session>;
let fixtures: Fixtures;

async function request(actor: ActorKey, method: 'GET' | 'POST', path: string, body?: Record<string, string | string[]>): Promise<Response> {
  const s = sessions[actor];
  const headers: Record<string, string> = { Origin: baseURL(), 'X-Forwarded-For': s.ip, 'Accept-Language': 'ru' };
  if (s.cookie) headers.Cookie = s.cookie;
  let form: FormData | undefined;
  if (method === 'POST') {
    form = new FormData();
    if (s.csrf) form.set('_csrf', s.csrf);
    for (const [k, v] of Object.entries(body ?? {})) for (const one of ([] as string[]).concat(v)) form.append(k, one);
  }
  return fetch(`${baseURL()}${path}`, { method, headers, body: form, redirect: 'manual' });
}

async function html(actor: ActorKey, path: string): Promise<string> {
  const res = await request(actor, 'GET', path);
  if (res.status !== 200) throw new Error(`${actor} GET ${path}: ${res.status}`);
  return res.text();
}

/** The id in the link `prefix<uuid>` nearest to the first occurrence of `text` in a page. */
function idNear(page: string, prefix: string, text: string): string {
  const at = page.indexOf(text);
  if (at < 0) throw new Error(`"${text}" not found`);
  const re = new RegExp(`href="${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([0-9a-f-]{36})`, 'g');
  let best: { id: string; d: number } | null = null;
  for (const m of page.matchAll(re)) {
    const d = Math.abs(m.index - at);
    if (!best || d < best.d) best = { id: m[1]!, d };
  }
  if (!best) throw new Error(`no link ${prefix}… near "${text}"`);
  return best.id;
}

function firstId(page: string, prefix: string): string {
  const m = new RegExp(`href="${prefix}([0-9a-f-]{36})`).exec(page);
  if (!m) throw new Error(`no link ${prefix}…`);
  return m[1]!;
}

/** Whether a page or workbook shows the draft amendment (its marker text or its line's budget). */
function leaksDraft(text: string): boolean {
  const flat = text.replace(/[\s\u00a0\u202f]/g, '');
  return flat.includes(DRAFT_MARKER) || flat.includes('7777777') || flat.includes('77777,77') || flat.includes('77777.77');
}

async function bodyText(res: Response): Promise<string> {
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('spreadsheetml')) return res.text();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void out.push(String(c.text ?? c.value ?? '')))));
  return out.join('\n');
}

/** Compares one answer with its cell; returns what was wrong, or null. */
async function verdict(cell: Cell, res: Response): Promise<string | null> {
  const location = res.headers.get('Location');
  const got = location ? `${res.status} → ${new URL(location, baseURL()).pathname}` : String(res.status);
  const to = location ? new URL(location, baseURL()).pathname : '';
  if (typeof cell === 'number') return res.status === cell ? null : got;
  if (cell === 'LOGIN') return res.status === 302 && to.startsWith('/login') ? null : got;
  if (cell.startsWith('302 ')) return res.status === 302 && to.startsWith(cell.slice(4)) ? null : got;
  // HIDDEN: denied, or shown without the draft; PUBLIC: shown without the draft.
  if (res.status === 404 && cell === 'HIDDEN') return null;
  if (res.status !== 200) return got;
  return leaksDraft(await bodyText(res)) ? '200 with the draft amendment' : null;
}

const hasAction = (file: string) => /export (const|async function|function) action\b/.test(readFileSync(new URL(file, routesDir), 'utf8'));

async function walk(row: Row, method: 'GET' | 'POST'): Promise<string[]> {
  let path = row.path(fixtures);
  if (method === 'POST' && !row.post && hasAction(row.file)) return []; // another row of the module covers its action
  // An index route's form posts to "?index" (else the POST goes to the parent layout).
  if (method === 'POST' && row.file.endsWith('_index.tsx')) path += path.includes('?') ? '&index' : '?index';
  const given = method === 'GET' ? row.get : row.post;
  const expected = typeof given === 'function' ? given(fixtures) : (given ?? Object.fromEntries(actors.map((a) => [a, 405])));
  const wrong = await Promise.all(
    actors.map(async (actor) => {
      const res = await request(actor, method, path, method === 'POST' ? row.body : undefined);
      const problem = await verdict(expected[actor], res);
      if (!problem && res.body) await res.body.cancel().catch(() => {});
      return problem ? `${method} ${path} as ${actor}: expected ${expected[actor]}, got ${problem}` : null;
    }),
  );
  return wrong.filter((w): w is string => w !== null);
}

async function logIn(actor: Exclude<ActorKey, 'anon'>, ip: string): Promise<Session> {
  const res = await fetch(`${baseURL()}/login`, {
    method: 'POST',
    headers: { Origin: baseURL(), 'X-Forwarded-For': ip, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: actorEmails[actor], password: DEMO_PASSWORD, redirectTo: '/' }),
    redirect: 'manual',
  });
  const sid = /kamkor_session=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1];
  if (res.status !== 302 || !sid) throw new Error(`${actor} could not log in (${res.status}): ${actorEmails[actor]}`);
  const session: Session = { cookie: `kamkor_session=${sid}`, csrf: null, ip };
  sessions[actor] = session;
  const page = await html(actor, '/account');
  session.csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? null;
  if (!session.csrf) throw new Error(`no CSRF token for ${actor}`);
  return session;
}

/** Starts an amendment of the approved 2026 program with one line and one indicator that only the ministry may see. */
async function draftAmendment(programId: string) {
  const post = async (path: string, body: Record<string, string | string[]>) => {
    const res = await request('officer', 'POST', path, body);
    if (res.status !== 302) throw new Error(`officer POST ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  };
  await post(`/programs/${programId}`, { intent: 'start_amendment' });
  await post(`/programs/${programId}/lines/new`, {
    lineNo: '7',
    priorityAreaCode: 'PA-04',
    serviceCode: 'SRV-12',
    targetGroupCodes: ['TG-05'],
    territorySoates: ['41700000000000'],
    plannedBeneficiaries: '10',
    budget: '77 777,77',
    periodStart: '01.03.2026',
    periodEnd: '31.12.2026',
    expectedResults: DRAFT_MARKER,
  });
  await post(`/programs/${programId}/indicators`, { code: 'MX-1', name_ky: DRAFT_MARKER, name_ru: DRAFT_MARKER, name_en: DRAFT_MARKER, unit: 'чел.', target: '1' });
}

/** The officer uploads a one-row bulk sheet with an unknown project: a background dry run only the officer sees. */
async function startBulkImport(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(['project_code', 'indicator_code', 'period', 'value']);
  ws.addRow(['PRJ-NONE', 'IND-NONE', '2025', 1]);
  const s = sessions.officer;
  const form = new FormData();
  form.set('_csrf', s.csrf ?? '');
  form.set('intent', 'dry-run');
  form.set('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'matrix.xlsx');
  const res = await fetch(`${baseURL()}/projects/import`, {
    method: 'POST',
    headers: { Origin: baseURL(), 'X-Forwarded-For': s.ip, 'Accept-Language': 'ru', Cookie: s.cookie ?? '' },
    body: form,
    redirect: 'manual',
  });
  return /\/projects\/import\/([0-9a-f-]{36})/.exec(res.headers.get('Location') ?? '')?.[1] ?? 'no-import-started';
}

beforeAll(async () => {
  sessions.anon = { cookie: null, csrf: null, ip: '10.77.0.1' };
  for (const [i, actor] of actors.entries()) if (actor !== 'anon') await logIn(actor, `10.77.0.${i + 1}`);

  const programs = await html('officer', '/programs');
  const draftProgram = idNear(programs, '/programs/', 'на 2027 год');
  const amendedProgram = idNear(programs, '/programs/', 'на 2026 год');
  const localProgram = idNear(programs, '/programs/', 'Александровка');
  const draftLine = firstId(await html('officer', `/programs/${draftProgram}`), `/programs/${draftProgram}/lines/`);
  const project = idNear(await html('officer', '/projects'), '/projects/', 'SSO-2025-001');
  const indicator = firstId(await html('officer', `/projects/${project}`), `/projects/${project}/indicators/`);
  const assessments = await html('admin', '/assessments');
  const draftAssessment = idNear(assessments, '/assessments/', 'Жазы');
  const publishedAssessment = idNear(assessments, '/assessments/', 'Александровка');
  const meeting = firstId(await html('admin', `/assessments/${draftAssessment}/meetings`), `/assessments/${draftAssessment}/meetings/`);
  const problem = firstId(await html('admin', `/assessments/${draftAssessment}/problems`), `/assessments/${draftAssessment}/problems/`);
  const servicePlan = idNear(await html('admin', '/service-plans'), '/service-plans/', 'Беш-Корук');
  const ngoOrg = idNear(await html('admin', '/admin/organisations'), '/organisations/', 'Умут-Надежда');
  const started = await request('analyst', 'POST', '/exports?index', { source: 'programs', format: 'xlsx', params: '' });
  const exportJob = /\/exports\/([0-9a-f-]{36})/.exec(started.headers.get('Location') ?? '')?.[1] ?? 'no-export-started';
  const importJob = await startBulkImport();
  fixtures = { draftProgram, draftLine, amendedProgram, localProgram, project, indicator, publishedAssessment, draftAssessment, meeting, problem, servicePlan, ngoOrg, exportJob, importJob };

  await draftAmendment(amendedProgram);
  // The ministry sees the draft: proves the marker is there to be leaked.
  expect(leaksDraft(await html('officer', `/programs/${amendedProgram}`))).toBe(true);
}, 180_000);

describe('route matrix', () => {
  it('has a row for every route module in app/routes', () => {
    const modules = readdirSync(routesDir).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f));
    const covered = new Set(rows.map((r) => r.file));
    expect(modules.filter((m) => !covered.has(m)), 'route modules missing from e2e/route-matrix.ts').toEqual([]);
    expect([...covered].filter((f) => !modules.includes(f)), 'rows for route modules that no longer exist').toEqual([]);
    const posted = new Set(rows.filter((r) => r.post).map((r) => r.file));
    expect(modules.filter((m) => hasAction(m) && !posted.has(m)), 'route modules whose action no row walks').toEqual([]);
  });

  // The logout POST ends the sessions: it is walked last.
  const ordered = [...rows].sort((a, b) => Number(a.file === 'logout.tsx') - Number(b.file === 'logout.tsx'));
  it.each(ordered.map((r) => [`${r.file} — ${r.note}`, r] as const))('%s', async (_name, row) => {
    const wrong = [...(await walk(row, 'GET')), ...(await walk(row, 'POST'))];
    expect(wrong).toEqual([]);
  });
});
