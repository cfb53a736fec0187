import { describe, expect, it } from 'vitest';
import { ocdsProblems } from '../testing/ocds-validate.ts';
import { competitionRelease, ocdsReleasePackage, ocdsTenderStatus, type OcdsCompetition } from './ocds.ts';

const ministry = { id: '11111111-1111-4111-8111-111111111111', name: 'Министерство труда, социального обеспечения и миграции', inn: '01503199210034', region: 'г. Бишкек' };
const ngo1 = { id: '22222222-2222-4222-8222-222222222222', name: 'ОО «Ак-Журок»', inn: '02205201910117' };
const ngo2 = { id: '33333333-3333-4333-8333-333333333333', name: 'ОФ «Мээрим»', inn: '02310201810045' };

function competition(over: Partial<OcdsCompetition> = {}): OcdsCompetition {
  return {
    id: 'c0000000-0000-4000-8000-000000000009',
    title: 'Надомный уход, 2027',
    goal: 'Уход за одинокими пожилыми людьми.',
    status: 'awarded',
    lotBudgetTyiyn: 2_000_000_00,
    maxAmountTyiyn: 1_000_000_00,
    opensAt: '2027-01-10T03:00:00Z',
    closesAt: '2027-02-10T12:00:00Z',
    protocolSignedAt: '2027-03-10T09:00:00Z',
    createdAt: '2027-01-05T03:00:00Z',
    updatedAt: '2027-03-12T03:00:00Z',
    serviceCode: 'SS-01',
    program: { id: '44444444-4444-4444-8444-444444444444', title: 'Программа ГСЗ на 2027 год', lineId: '55555555-5555-4555-8555-555555555555', lineNo: 1, lineBudgetTyiyn: 5_000_000_00, periodStart: '2027-04-01', periodEnd: '2027-12-31' },
    buyer: ministry,
    territories: [{ soate: '41708000000000', name: 'Ошская область' }],
    submittedCount: 3,
    applications: [
      { id: '66666666-6666-4666-8666-666666666661', code: 'A-4MHR', title: 'Уход на дому', status: 'awarded', requestedTyiyn: 980_000_00, organisation: ngo1 },
      { id: '66666666-6666-4666-8666-666666666662', code: 'A-P9TX', title: 'Соседская помощь', status: 'not_awarded', requestedTyiyn: 760_000_00, organisation: ngo2 },
    ],
    contracts: [
      {
        id: '77777777-7777-4777-8777-777777777771',
        applicationId: '66666666-6666-4666-8666-666666666661',
        code: 'SSO-2027-A-4MHR',
        title: 'Уход на дому',
        amountTyiyn: 980_000_00,
        startDate: '2027-04-01',
        endDate: '2027-12-31',
        signedAt: '2027-03-20T05:00:00Z',
        tranches: [
          { id: '88888888-8888-4888-8888-888888888881', trancheNo: 1, amountTyiyn: 490_000_00, releasedAt: '2027-04-05T05:00:00Z' },
          { id: '88888888-8888-4888-8888-888888888882', trancheNo: 2, amountTyiyn: 490_000_00, releasedAt: null },
        ],
      },
    ],
    ...over,
  };
}

const pkg = (cs: OcdsCompetition[]) => ocdsReleasePackage(cs, { uri: 'https://kamkor.kg/public/ocds.json', publishedDate: new Date('2027-04-10T00:00:00Z'), publisher: 'Kamkor' });

describe('OCDS mapping of a competition', () => {
  it('maps an awarded competition: planning, tender with the lot, award, contract and paid tranches', () => {
    const r = competitionRelease(competition());
    expect(r.ocid).toBe('ocds-kmkr00-c0000000-0000-4000-8000-000000000009');
    expect(r.tag).toEqual(['tender', 'award', 'contract', 'implementation']);
    expect(r.planning.budget.amount).toEqual({ amount: 5_000_000, currency: 'KGS' });
    expect(r.tender.value).toEqual({ amount: 2_000_000, currency: 'KGS' });
    expect(r.tender.status).toBe('complete');
    expect(r.tender.lots).toHaveLength(1);
    expect(r.tender.items[0]!.relatedLot).toBe(r.tender.lots[0]!.id);
    expect(r.tender.items[0]!.deliveryLocations![0]!.gazetteer).toEqual({ scheme: 'KG-SOATE', identifiers: ['41708000000000'] });
    expect(r.tender.numberOfTenderers).toBe(3);
    expect(r.buyer).toEqual({ id: ministry.id, name: ministry.name });
    expect(r.tender.procuringEntity).toEqual(r.buyer);
    expect(r.parties.find((p) => p.id === ministry.id)!.roles).toEqual(['buyer']);
    expect(r.parties.find((p) => p.id === ngo1.id)!.roles).toEqual(['tenderer', 'supplier']);
    expect(r.parties.find((p) => p.id === ngo2.id)!.roles).toEqual(['tenderer']);
    expect(r.awards).toEqual([expect.objectContaining({ id: '66666666-6666-4666-8666-666666666661', status: 'active', value: { amount: 980_000, currency: 'KGS' }, suppliers: [{ id: ngo1.id, name: ngo1.name }] })]);
    const k = r.contracts[0]!;
    expect(k.status).toBe('active');
    expect(k.awardID).toBe(r.awards[0]!.id);
    // Only released tranches are transactions.
    expect(k.implementation!.transactions).toEqual([
      { id: '88888888-8888-4888-8888-888888888881', date: '2027-04-05T05:00:00.000Z', value: { amount: 490_000, currency: 'KGS' }, payer: r.buyer, payee: { id: ngo1.id, name: ngo1.name } },
    ]);
  });

  it('names no applicant before the protocol is signed, even when the caller passes applications', () => {
    const r = competitionRelease(competition({ status: 'evaluating', protocolSignedAt: null, contracts: [] }));
    const text = JSON.stringify(r);
    for (const o of [ngo1, ngo2]) {
      expect(text).not.toContain(o.name);
      expect(text).not.toContain(o.inn);
      expect(text).not.toContain(o.id);
    }
    expect(r.tag).toEqual(['tender']);
    expect(r.awards).toEqual([]);
    expect(r.parties.map((p) => p.id)).toEqual([ministry.id]);
    expect(r.tender).not.toHaveProperty('tenderers');
  });

  it('maps statuses to the tender status codelist', () => {
    expect(['planned', 'announced', 'accepting', 'closed', 'evaluating', 'awarded', 'unsuccessful', 'cancelled'].map(ocdsTenderStatus)).toEqual([
      'planned', 'active', 'active', 'complete', 'complete', 'complete', 'unsuccessful', 'cancelled',
    ]);
  });
});

describe('OCDS release package validates against the 1.1.5 schema and codelists', () => {
  it('validates every stage', () => {
    const stages = [
      competition(),
      competition({ id: 'c0000000-0000-4000-8000-00000000000a', status: 'accepting', protocolSignedAt: null, contracts: [], submittedCount: 0 }),
      competition({ id: 'c0000000-0000-4000-8000-00000000000b', status: 'unsuccessful', applications: [], contracts: [] }),
      competition({ id: 'c0000000-0000-4000-8000-00000000000c', status: 'cancelled', protocolSignedAt: null, applications: [], contracts: [], territories: [] }),
    ];
    expect(ocdsProblems(pkg(stages))).toEqual([]);
  });

  it('the validator can fail: a wrong currency, a status off the codelist and a missing ocid are reported', () => {
    const p = pkg([competition()]) as unknown as { releases: Record<string, unknown>[] };
    const r = p.releases[0]! as { tender: { value: { currency: string }; status: string }; ocid?: string };
    r.tender.value.currency = 'SOM';
    r.tender.status = 'open';
    delete r.ocid;
    const problems = ocdsProblems(p);
    expect(problems.some((x) => x.includes('SOM'))).toBe(true);
    expect(problems.some((x) => x.includes('"open"'))).toBe(true);
    expect(problems.some((x) => x.includes('ocid'))).toBe(true);
  });
});
