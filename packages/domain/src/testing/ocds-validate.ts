/**
 * TEST-ONLY: validates OCDS release packages against the OCDS 1.1.5 schemas and codelists in
 * tooling/reference/ocds (a copy of the project's shared reference; JSON Schema draft-04, ajv + ajv-draft-04 + ajv-formats). Used by the
 * domain, db and browser tests; never imported by the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

function referenceDir(): string {
  // packages/domain/src/testing → repository root → tooling/reference/ocds (kept in the repository so a
  // clean clone validates wherever it is checked out).
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const dir = join(root, 'tooling', 'reference', 'ocds');
  if (!existsSync(dir)) throw new Error(`OCDS reference schemas not found at ${dir}`);
  return dir;
}

function codelist(dir: string, name: string): Set<string> {
  const lines = readFileSync(join(dir, 'codelists', `${name}.csv`), 'utf8').split(/\r?\n/).slice(1);
  return new Set(lines.filter(Boolean).map((l) => l.split(',')[0]!.replace(/^"|"$/g, '')));
}

let cached: ((pkg: unknown) => string[]) | null = null;

/** Returns the problems of a release package (schema errors and codes outside the closed codelists); [] when valid. */
export function ocdsProblems(pkg: unknown): string[] {
  if (!cached) {
    const dir = referenceDir();
    const ajv = new Ajv04({ strict: false, allErrors: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    ajv.addSchema(JSON.parse(readFileSync(join(dir, 'release-schema.json'), 'utf8')));
    const validate = ajv.compile(JSON.parse(readFileSync(join(dir, 'release-package-schema.json'), 'utf8')));
    const lists = Object.fromEntries(
      ['releaseTag', 'initiationType', 'tenderStatus', 'method', 'procurementCategory', 'awardCriteria', 'submissionMethod', 'awardStatus', 'contractStatus', 'currency', 'partyRole'].map((n) => [n, codelist(dir, n)]),
    );
    cached = (pkg) => {
      const problems: string[] = [];
      if (!validate(pkg)) for (const e of validate.errors ?? []) problems.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      const check = (list: string, value: unknown, where: string) => {
        if (value !== undefined && !lists[list]!.has(String(value))) problems.push(`${where}: "${String(value)}" is not in codelist ${list}`);
      };
      const releases: any[] = (pkg as any)?.releases ?? [];
      const amounts = (v: unknown, where: string): void => {
        if (!v || typeof v !== 'object') return;
        for (const [k, x] of Object.entries(v)) {
          if (k === 'currency') check('currency', x, `${where}.currency`);
          else amounts(x, `${where}.${k}`);
        }
      };
      releases.forEach((r, i) => {
        const at = `releases[${i}]`;
        (r.tag ?? []).forEach((t: unknown) => check('releaseTag', t, `${at}.tag`));
        check('initiationType', r.initiationType, `${at}.initiationType`);
        for (const p of r.parties ?? []) for (const role of p.roles ?? []) check('partyRole', role, `${at}.parties.roles`);
        const t = r.tender ?? {};
        check('tenderStatus', t.status, `${at}.tender.status`);
        for (const l of t.lots ?? []) check('tenderStatus', l.status, `${at}.tender.lots.status`);
        check('method', t.procurementMethod, `${at}.tender.procurementMethod`);
        check('procurementCategory', t.mainProcurementCategory, `${at}.tender.mainProcurementCategory`);
        check('awardCriteria', t.awardCriteria, `${at}.tender.awardCriteria`);
        for (const s of t.submissionMethod ?? []) check('submissionMethod', s, `${at}.tender.submissionMethod`);
        for (const a of r.awards ?? []) check('awardStatus', a.status, `${at}.awards.status`);
        for (const k of r.contracts ?? []) check('contractStatus', k.status, `${at}.contracts.status`);
        amounts(r, at);
        // Every organisation reference must name a party.
        const ids = new Set((r.parties ?? []).map((p: { id: string }) => p.id));
        const refs = [r.buyer, t.procuringEntity, ...(t.tenderers ?? []), ...(r.awards ?? []).flatMap((a: { suppliers?: unknown[] }) => a.suppliers ?? [])];
        for (const ref of refs) if (ref && !ids.has((ref as { id: string }).id)) problems.push(`${at}: organisation ${(ref as { id: string }).id} is not among the parties`);
      });
      return problems;
    };
  }
  return cached(pkg);
}
