import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as DbServer from '../db.server.ts';
import type * as SessionServer from './session.server.ts';

// The app's own database module on a fresh embedded database (demo data), set before anything reads env.
const dataDir = mkdtempSync(join(tmpdir(), 'kamkor-files-'));
/** What the HTTP server puts in every request's load context (server/index.ts). */
const testContext = { cspNonce: 'test-nonce', clientAddress: '127.0.0.1' };
process.env.KAMKOR_DATA_DIR = dataDir;
process.env.KAMKOR_DEMO = '1';
delete process.env.DATABASE_URL;

let dbm: typeof DbServer;
let sessions: typeof SessionServer;
let db: Awaited<ReturnType<typeof DbServer.getDb>>;

const userId = async (email: string) => (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** A logged-in POST of a multipart form, with the session's CSRF token, as the browser sends it. */
async function post(url: string, asUser: string, fields: Record<string, string>): Promise<Request> {
  const sid = await dbm.createSession(db, asUser, 'test');
  const cookie = `kamkor_session=${sid}`;
  const form = new FormData();
  form.set('_csrf', sessions.csrfToken(new Request(url, { headers: { Cookie: cookie } }))!);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return new Request(url, { method: 'POST', body: form, headers: { Cookie: cookie } });
}

async function get(url: string, asUser: string): Promise<Request> {
  const sid = await dbm.createSession(db, asUser, 'test');
  return new Request(url, { headers: { Cookie: `kamkor_session=${sid}` } });
}

/** What a route answered: its data (returned or thrown as `data()`/Response) and status. */
async function run(fn: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  let out: unknown;
  try {
    out = await fn();
  } catch (thrown) {
    out = thrown;
  }
  if (out instanceof Response) return { status: out.status, body: out.headers.get('Content-Type')?.includes('json') ? await out.json() : null };
  if (out && typeof out === 'object' && 'type' in out && (out as { type: string }).type === 'DataWithResponseInit') {
    const d = out as unknown as { data: unknown; init: { status?: number } | null };
    return { status: d.init?.status ?? 200, body: d.data };
  }
  return { status: 200, body: out };
}

describe('stored uploads belong to their uploader', () => {
  let uploader: string;
  // Not a workbook: before the owner check, applying it by id got as far as the workbook reader.
  const bytes = new TextEncoder().encode('someone else’s upload');
  const foreign = (kind: 'dry_run' | 'error_copy') =>
    dbm.databaseStorage(db).put({ fileName: kind === 'error_copy' ? 'errors-theirs.xlsx' : 'theirs.xlsx', contentType: 'x', data: bytes, createdBy: uploader, kind });
  beforeAll(async () => {
    dbm = await import('../db.server.ts');
    sessions = await import('./session.server.ts');
    db = await dbm.getDb();
    uploader = await userId('ngo2@kamkor.kg');
  }, 120_000);
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to apply another user’s file on the report upload', async () => {
    const ngo = await userId('ngo@kamkor.kg');
    const report = await db
      .selectFrom('report')
      .innerJoin('project', 'project.id', 'report.project_id')
      .innerJoin('membership', 'membership.organisation_id', 'project.contractor_id')
      .select(['project.id as projectId', 'report.period_key'])
      .where('membership.user_id', '=', ngo)
      .where('report.status', '=', 'draft')
      .executeTakeFirstOrThrow();
    const { action } = await import('../routes/projects.$id.reports.$period_.upload.tsx');
    const foreignFile = await foreign('dry_run');
    const url = `http://localhost/projects/${report.projectId}/reports/${report.period_key}/upload`;
    const answer = await run(async () =>
      action({ request: await post(url, ngo, { intent: 'apply', fileId: foreignFile }), params: { id: report.projectId, period: report.period_key }, context: testContext }),
    );
    expect(answer).toMatchObject({ status: 400, body: { step: 'error', messageKey: 'excel.errors.noFile' } });
  });

  it('refuses to apply another user’s file on the bulk import, and to hand out their error copy', async () => {
    const analyst = await userId('analyst@kamkor.kg');
    const { action } = await import('../routes/projects.import.tsx');
    const { loader } = await import('../routes/projects.import_.errors.tsx');
    const [foreignFile, foreignErrors] = [await foreign('dry_run'), await foreign('error_copy')];
    const answer = await run(async () => action({ request: await post('http://localhost/projects/import', analyst, { intent: 'apply', fileId: foreignFile }), params: {}, context: testContext }));
    expect(answer).toMatchObject({ status: 400, body: { step: 'error', messageKey: 'excel.errors.noFile' } });
    // The apply starts from a finished clean dry run's page: someone else's dry run is an unknown id (page and apply).
    const officerId = await userId('officer@kamkor.kg');
    const officerActor = (await dbm.findActor(db, officerId))!;
    const officersUpload = await dbm.databaseStorage(db).put({ fileName: 'theirs.xlsx', contentType: 'x', data: bytes, createdBy: officerId, kind: 'dry_run' });
    const dryRun = await dbm.createImportJob(db, officerActor, { mode: 'dry_run', fileId: officersUpload, fileName: 'theirs.xlsx', lang: 'ru' });
    await dbm.finishImportJob(db, dryRun.id, { result: { ok: true, applied: false, counts: { created: 1, updated: 0, unchanged: 0 }, errors: [], errorCount: 0, rows: 1 }, errorFileId: null, fileId: officersUpload });
    const jobPage = await import('../routes/projects.import_.$id.tsx');
    const applied = await run(async () => jobPage.action({ request: await post(`http://localhost/projects/import/${dryRun.id}`, analyst, { intent: 'apply' }), params: { id: dryRun.id }, context: testContext }));
    expect(applied.status).toBe(404);
    const seen = await run(async () => jobPage.loader({ request: await get(`http://localhost/projects/import/${dryRun.id}`, analyst), params: { id: dryRun.id }, context: testContext }));
    expect(seen.status).toBe(404);
    expect(await db.selectFrom('import_job').select('id').where('dry_run_id', '=', dryRun.id).execute()).toEqual([]);
    const download = await run(async () => loader({ request: await get(`http://localhost/projects/import/errors?file=${foreignErrors}`, analyst), params: {}, context: testContext }));
    expect(download.status).toBe(404);
    // Its uploader gets it, as a download with the headers of every download.
    const officer = await userId('officer@kamkor.kg');
    const officersErrors = await dbm.databaseStorage(db).put({ fileName: 'errors-theirs.xlsx', contentType: 'x', data: bytes, createdBy: officer, kind: 'error_copy' });
    const own = await loader({ request: await get(`http://localhost/projects/import/errors?file=${officersErrors}`, officer), params: {}, context: testContext }).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(Response);
    const response = own as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="errors-theirs.xlsx"; filename*=UTF-8''errors-theirs.xlsx`);
    expect(await response.text()).toBe('someone else’s upload');
  });

  it('refuses to apply another user’s file on the classifier import', async () => {
    const admin = await userId('admin@kamkor.kg');
    const { action } = await import('../routes/admin.territory.import.tsx');
    const foreignFile = await foreign('dry_run');
    const answer = await run(async () =>
      action({ request: await post('http://localhost/admin/territory/import', admin, { intent: 'apply', fileId: foreignFile, closeOn: '01.01.2027' }), params: {}, context: testContext }),
    );
    expect(answer).toMatchObject({ status: 400, body: { step: 'error', messageKey: 'excel.errors.noFile' } });
  });

  it('keeps the refused files for their uploader, who may still read them', async () => {
    const rows = await db.selectFrom('stored_file').select('id').where('created_by', '=', uploader).execute();
    expect(rows).toHaveLength(4);
    // (The test reads the table itself to see every row; application code goes through FileStorage.)
    for (const r of rows) expect(await dbm.databaseStorage(db).get(r.id, { owner: uploader })).not.toBeNull();
  });
});

describe('the session cookie', () => {
  it('treats a malformed cookie as no session, not a 500', async () => {
    for (const value of ['%E0%A4%A', '%', 'garbage', 'a'.repeat(42), 'a'.repeat(4000), '%00%00']) {
      const request = new Request('http://localhost/', { headers: { Cookie: `kamkor_session=${value}` } });
      expect(sessions.sessionIdOf(request)).toBeNull();
      await expect(sessions.getCurrentUser(request)).resolves.toBeNull();
    }
  });

  it('looks the session and actor up once per request, however many loaders ask', async () => {
    const ngo = await userId('ngo@kamkor.kg');
    const request = await get('http://localhost/', ngo);
    const before = await db.selectFrom('session').select('last_seen_at').where('user_id', '=', ngo).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const first = sessions.getCurrentUser(request);
    const second = sessions.getCurrentUser(request);
    expect(second).toBe(first);
    expect((await first)?.userId).toBe(ngo);
    const after = await db.selectFrom('session').select('last_seen_at').where('user_id', '=', ngo).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(new Date(after.last_seen_at).getTime()).toBeGreaterThanOrEqual(new Date(before.last_seen_at).getTime());
    // Another request makes its own lookup.
    expect(sessions.getCurrentUser(new Request(request.url, { headers: request.headers }))).not.toBe(first);
  });
});
