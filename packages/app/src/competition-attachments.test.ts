import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, type Actor } from '@kamkor/domain';
import {
  addCommissionMember,
  closeScoring,
  createApplication,
  createCompetition,
  createContractFromApplication,
  declareConflicts,
  findActor,
  getApplicationForActor,
  listAttachments,
  listFramework,
  listLinesForCompetition,
  listReviewContent,
  listScoreSheets,
  markAttachmentAnonymised,
  openAttachment,
  openAttachmentForReviewer,
  reviewApplication,
  saveApplicationContent,
  saveScores,
  setApplicationSubmitted,
  signProtocol,
  transitionCompetition,
  type DatabaseHandle,
} from '@kamkor/db';
import { createTestDatabase, testEngines } from '@kamkor/db/testing';
import { attachToApplication } from './application-attachment.ts';

const bytes = async (f: { stream: ReadableStream<Uint8Array> } | null) => new Uint8Array(await new Response(f!.stream).arrayBuffer());
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** A DOCX whose properties name the organisation and its contact person, as Word would write them. */
async function docx(org: string, person: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Смета проекта</w:t></w:r></w:p></w:body></w:document>');
  zip.file('docProps/core.xml', `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${person}</dc:creator><cp:lastModifiedBy>${person}</cp:lastModifiedBy></cp:coreProperties>`);
  zip.file('docProps/app.xml', `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${org}</Company></Properties>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe.each(testEngines)('application attachments and the contract from an application (%s)', (engine) => {
  let h: DatabaseHandle;
  const actors: Record<string, Actor> = {};
  beforeAll(async () => {
    h = await createTestDatabase(engine, { demo: true });
    for (const email of ['officer', 'ngo', 'ngo2', 'commission', 'secretary']) {
      const u = await h.db.selectFrom('app_user').select('id').where('email', '=', `${email}@kamkor.kg`).executeTakeFirstOrThrow();
      actors[email] = (await findActor(h.db, u.id))!;
    }
  });
  afterAll(() => h?.close());

  it('types attachments from the bytes; reviewers get only metadata-free copies or checked originals; the contract gets a framework from the application', async () => {
    const lines = await listLinesForCompetition(h.db, actors.officer!);
    const line = [...lines].sort((a, b) => b.budget_tyiyn - b.allocated - (a.budget_tyiyn - a.allocated))[0]!;
    const lot = Math.min(line.budget_tyiyn - line.allocated, 2_000_000_00);
    const c = await h.db.transaction().execute((trx) =>
      createCompetition(trx, actors.officer!, { lineId: line.id, title: 'Лот с вложениями', goal: 'Цель', lotBudget: lot, maxAmount: lot, opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86400_000), projectStart: '2027-01-01', projectEnd: '2027-12-31' }),
    );
    await transitionCompetition(h.db, actors.officer!, c.id, 'announced');
    await transitionCompetition(h.db, actors.officer!, c.id, 'accepting');

    const ngoOrg = actors.ngo!.memberships[0]!.organisationId;
    const org = await h.db.selectFrom('organisation').select(['name_ky', 'name_ru', 'name_en', 'inn']).where('id', '=', ngoOrg).executeTakeFirstOrThrow();
    const person = 'Айгүл Мамытова';
    const a = await createApplication(h.db, actors.ngo!, c.id, ngoOrg, {
      contactName: person,
      contactPhone: '+996 555 11 22 33',
      inn: '02104200910123',
      title: 'Центр дневного пребывания',
      goal: 'Реабилитация 30 детей с ОВЗ за год',
      tasks: '1. Набрать группу детей\n2. Провести занятия с логопедом',
      description: 'Занятия и консультации для родителей.',
      requested: Math.min(lot, 500_000_00),
    });
    await saveApplicationContent(h.db, actors.ngo!, a.id, {
      activities: [{ name: 'Занятия', startsOn: '2027-02-01', endsOn: '2027-11-30' }],
      budget: [{ item: 'Зарплата специалистов', requested: Math.min(lot, 500_000_00), own: 60_000_00, other: 0 }],
      indicators: [{ programIndicatorId: null, name: 'Дети, прошедшие реабилитацию', unit: 'чел.', baseline: 0, target: 30 }],
    });

    // Types come from the bytes, not the name; size is limited.
    await expect(attachToApplication(h.db, actors.ngo!, a.id, { name: 'plan.docx', data: new TextEncoder().encode('MZ this is a program') })).rejects.toMatchObject({ messageKey: 'competition:content.errors.attachmentType' });
    await expect(attachToApplication(h.db, actors.ngo!, a.id, { name: 'big.pdf', data: new Uint8Array(MAX_ATTACHMENT_BYTES + 1) })).rejects.toMatchObject({ messageKey: 'competition:content.errors.attachmentTooLarge' });
    const original = await docx(`ОФ «${org.name_ru}»`, person);
    // Another NGO cannot attach to it.
    await expect(attachToApplication(h.db, actors.ngo2!, a.id, { name: 'x.docx', data: original })).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    const docxId = await attachToApplication(h.db, actors.ngo!, a.id, { name: `Смета ${org.name_ru}.docx`, data: original });
    const imageId = await attachToApplication(h.db, actors.ngo!, a.id, { name: 'фото.png', data: PNG });
    const listed = await listAttachments(h.db, actors.ngo!, a.id);
    expect(listed.map((x) => [x.contentType, x.forReviewers])).toEqual([
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
      ['image/png', false],
    ]);
    // The NGO gets its original back.
    expect(await bytes(await openAttachment(h.db, actors.ngo!, a.id, docxId))).toEqual(original);
    await expect(openAttachment(h.db, actors.ngo2!, a.id, docxId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    await setApplicationSubmitted(h.db, actors.ngo!, a.id, true);

    // Eligibility, commission, evaluation.
    await addCommissionMember(h.db, actors.officer!, c.id, actors.commission!.userId, 'chair');
    await addCommissionMember(h.db, actors.officer!, c.id, actors.secretary!.userId, 'secretary');
    await transitionCompetition(h.db, actors.officer!, c.id, 'closed');
    await reviewApplication(h.db, actors.secretary!, a.id, true, null);
    await transitionCompetition(h.db, actors.officer!, c.id, 'evaluating');
    await expect(openAttachmentForReviewer(h.db, actors.commission!, c.id, docxId)).resolves.toBeNull();
    await declareConflicts(h.db, actors.commission!, c.id, []);

    const review = await listReviewContent(h.db, actors.commission!, c.id);
    expect(review[a.id]!.attachments).toEqual([{ id: docxId, name: `${a.code}-1.docx` }]);
    expect(review[a.id]!.budget).toHaveLength(1);
    const identities = [org.name_ky, org.name_ru, org.name_en, person, '02104200910123', '+996 555 11 22 33'];
    for (const v of identities) expect(JSON.stringify(review)).not.toContain(v);
    const copy = await openAttachmentForReviewer(h.db, actors.commission!, c.id, docxId);
    expect(copy!.fileName).toBe(`${a.code}-1.docx`);
    const zip = await JSZip.loadAsync(await bytes(copy));
    for (const name of Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)) {
      const body = await zip.file(name)!.async('string');
      for (const v of identities) expect(body, name).not.toContain(v);
    }
    expect(await zip.file('word/document.xml')!.async('string')).toContain('Смета проекта');
    // The original never reaches the member; the image only after the secretary's check.
    await expect(openAttachment(h.db, actors.commission!, a.id, docxId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect(await openAttachmentForReviewer(h.db, actors.commission!, c.id, imageId)).toBeNull();
    // Marking it anonymised is the secretary's act: not the reviewer, not the customer's officer, not the NGO.
    for (const who of ['commission', 'officer', 'ngo', 'ngo2']) {
      await expect(markAttachmentAnonymised(h.db, actors[who]!, c.id, imageId), who).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    }
    await expect(markAttachmentAnonymised(h.db, actors.secretary!, c.id, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ messageKey: 'errors.notFound' });
    expect(await openAttachmentForReviewer(h.db, actors.commission!, c.id, imageId)).toBeNull();
    await markAttachmentAnonymised(h.db, actors.secretary!, c.id, imageId);
    expect(await bytes(await openAttachmentForReviewer(h.db, actors.commission!, c.id, imageId))).toEqual(PNG);
    // Someone off this commission gets nothing.
    await expect(openAttachmentForReviewer(h.db, actors.ngo!, c.id, docxId)).rejects.toMatchObject({ messageKey: 'errors.notFound' });

    // Score, sign, contract: the framework is built from the application.
    const sheets = await listScoreSheets(h.db, actors.commission!, c.id);
    await saveScores(h.db, actors.commission!, c.id, a.id, Object.fromEntries(sheets.criteria.map((k) => [k.id, k.max_points])), null);
    await h.db.transaction().execute((trx) => closeScoring(trx, actors.commission!, c.id));
    await h.db.transaction().execute((trx) => signProtocol(trx, actors.secretary!, c.id));
    const projectId = await h.db.transaction().execute((trx) => createContractFromApplication(trx, actors.officer!, c.id, a.id));
    const project = await h.db.selectFrom('project').select(['cofunding_tyiyn', 'start_date', 'end_date', 'amount_tyiyn']).where('id', '=', projectId).executeTakeFirstOrThrow();
    expect(Number(project.cofunding_tyiyn)).toBe(60_000_00);
    expect([String(project.start_date), String(project.end_date)]).toEqual(['2027-01-01', '2027-12-31']);
    expect(project.amount_tyiyn).toBe((await getApplicationForActor(h.db, actors.officer!, a.id)).requested_tyiyn);
    const framework = await listFramework(h.db, projectId);
    expect(framework.map((n) => [n.number, n.level, n.name_ru])).toEqual([
      ['1', 'goal', 'Реабилитация 30 детей с ОВЗ за год'],
      ['1.1', 'result', 'Набрать группу детей'],
      ['1.2', 'result', 'Провести занятия с логопедом'],
    ]);
    expect(framework[0]!.indicators.map((i) => [i.code, i.name_ru, i.baselineValue, i.lopTarget, i.direction])).toEqual([['I-1', 'Дети, прошедшие реабилитацию', 0, 30, 'increase']]);
  });
});
