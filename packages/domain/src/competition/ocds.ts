/**
 * OCDS 1.1 release packages of competitions: a pure mapping from the public facts of a competition
 * (read by `getOcdsCompetitions` in packages/db) to the Open Contracting Data Standard. Only public
 * information goes in: before the protocol is signed there are no tenderers, awards or suppliers, and
 * never contacts, people or unsuccessful applicants' INNs before publication.
 */

/** The ocid prefix of Kamkor's releases (to be registered with the Open Contracting Partnership). */
export const OCID_PREFIX = 'ocds-kmkr00';
/** OCDS 1.1 lots extension (tender.lots, items[].relatedLot, awards[].relatedLots). */
export const OCDS_LOTS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json';
/** The gazetteer scheme of Kyrgyz territories: SOATE (the state classifier of administrative units). */
export const SOATE_GAZETTEER = 'KG-SOATE';
/** Organisation identifiers: the Kyrgyz taxpayer number (INN). */
export const INN_SCHEME = 'KG-INN';
/** Services of the State Social Order, as coded on program lines. */
export const SERVICE_SCHEME = 'KG-SSO-SERVICE';

export interface OcdsOrganisation {
  id: string;
  name: string;
  inn: string | null;
  /** SOATE of the organisation's territory, when known. */
  soate?: string | null;
  region?: string | null;
}

export interface OcdsTerritory {
  soate: string;
  name: string;
}

export interface OcdsApplication {
  id: string;
  code: string;
  title: string;
  status: string;
  requestedTyiyn: number;
  organisation: OcdsOrganisation;
}

export interface OcdsContract {
  id: string;
  applicationId: string;
  code: string;
  title: string;
  amountTyiyn: number;
  startDate: string;
  endDate: string;
  signedAt: Date | string | null;
  tranches: { id: string; trancheNo: number; amountTyiyn: number; releasedAt: Date | string | null }[];
}

export interface OcdsCompetition {
  id: string;
  title: string;
  goal: string;
  status: string;
  lotBudgetTyiyn: number;
  maxAmountTyiyn: number;
  opensAt: Date | string;
  closesAt: Date | string;
  protocolSignedAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
  serviceCode: string;
  program: { id: string; title: string; lineId: string; lineNo: number; lineBudgetTyiyn: number; periodStart: string; periodEnd: string };
  buyer: OcdsOrganisation;
  territories: OcdsTerritory[];
  /** Applications that were evaluated or refused; read only once the protocol is signed (empty before). */
  applications: OcdsApplication[];
  /** Number of applications submitted (a count only, never who). */
  submittedCount: number;
  contracts: OcdsContract[];
}

const KGS = (tyiyn: number) => ({ amount: Math.round(tyiyn) / 100, currency: 'KGS' });
const iso = (d: Date | string) => new Date(d).toISOString();
/** A calendar date (YYYY-MM-DD, the Kyrgyz working day) as the start of that day in Asia/Bishkek. */
const dayStart = (d: string) => `${String(d).slice(0, 10)}T00:00:00+06:00`;
const dayEnd = (d: string) => `${String(d).slice(0, 10)}T23:59:59+06:00`;

/** OCDS tender status of a competition status (1.1 codelist). */
export function ocdsTenderStatus(status: string): string {
  switch (status) {
    case 'planned':
      return 'planned';
    case 'announced':
    case 'accepting':
      return 'active';
    case 'cancelled':
      return 'cancelled';
    case 'unsuccessful':
      return 'unsuccessful';
    default:
      return 'complete';
  }
}

function orgParty(o: OcdsOrganisation, roles: string[]) {
  return {
    id: o.id,
    name: o.name,
    ...(o.inn ? { identifier: { scheme: INN_SCHEME, id: o.inn, legalName: o.name } } : {}),
    address: { ...(o.region ? { region: o.region } : {}), countryName: 'Kyrgyzstan' },
    roles,
  };
}

/** One competition as an OCDS release (its latest state). */
export function competitionRelease(c: OcdsCompetition) {
  const ocid = `${OCID_PREFIX}-${c.id}`;
  const published = !!c.protocolSignedAt;
  const lotId = `${c.id}-lot-1`;
  const ref = (o: OcdsOrganisation) => ({ id: o.id, name: o.name });
  // Identities only after publication: tenderers are the organisations whose applications were evaluated or refused.
  const applications = published ? c.applications : [];
  const winners = applications.filter((a) => a.status === 'awarded');

  const parties = new Map<string, ReturnType<typeof orgParty>>();
  parties.set(c.buyer.id, orgParty(c.buyer, ['buyer']));
  for (const a of applications) {
    const existing = parties.get(a.organisation.id);
    const roles = a.status === 'awarded' ? ['tenderer', 'supplier'] : ['tenderer'];
    if (existing) existing.roles = [...new Set([...existing.roles, ...roles])];
    else parties.set(a.organisation.id, orgParty(a.organisation, roles));
  }
  const payee = (applicationId: string) => applications.find((a) => a.id === applicationId)?.organisation;

  const tag = ['tender'];
  if (winners.length) tag.push('award');
  if (c.contracts.length) tag.push('contract');
  if (c.contracts.some((k) => k.tranches.some((t) => t.releasedAt))) tag.push('implementation');

  const items = [
    {
      id: `${c.id}-item-1`,
      description: c.title,
      classification: { scheme: SERVICE_SCHEME, id: c.serviceCode },
      relatedLot: lotId,
      ...(c.territories.length
        ? {
            deliveryLocations: c.territories.map((t) => ({ description: t.name, gazetteer: { scheme: SOATE_GAZETTEER, identifiers: [t.soate] } })),
            deliveryAddresses: c.territories.map((t) => ({ region: t.name, countryName: 'Kyrgyzstan', description: `SOATE ${t.soate}` })),
          }
        : {}),
    },
  ];

  return {
    ocid,
    id: `${ocid}-${new Date(c.updatedAt).getTime()}`,
    date: iso(c.updatedAt),
    tag,
    initiationType: 'tender',
    language: 'ru',
    parties: [...parties.values()],
    buyer: ref(c.buyer),
    planning: {
      rationale: c.goal,
      budget: {
        id: c.program.lineId,
        description: `${c.program.title}, line ${c.program.lineNo}`,
        amount: KGS(c.program.lineBudgetTyiyn),
        project: c.program.title,
        projectID: c.program.id,
      },
    },
    tender: {
      id: c.id,
      title: c.title,
      description: c.goal,
      status: ocdsTenderStatus(c.status),
      procuringEntity: ref(c.buyer),
      items,
      value: KGS(c.lotBudgetTyiyn),
      procurementMethod: 'open',
      procurementMethodDetails: 'State Social Order competition with anonymous commission scoring',
      mainProcurementCategory: 'services',
      awardCriteria: 'ratedCriteria',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: iso(c.opensAt), endDate: iso(c.closesAt) },
      contractPeriod: { startDate: dayStart(c.program.periodStart), endDate: dayEnd(c.program.periodEnd) },
      ...(c.status === 'planned' || c.status === 'announced' ? {} : { numberOfTenderers: c.submittedCount }),
      ...(published ? { tenderers: applications.map((a) => ref(a.organisation)).filter((o, i, all) => all.findIndex((x) => x.id === o.id) === i) } : {}),
      lots: [{ id: lotId, title: c.title, description: c.goal, value: KGS(c.lotBudgetTyiyn), status: ocdsTenderStatus(c.status) }],
    },
    awards: winners.map((a) => ({
      id: a.id,
      title: `${a.code}: ${a.title}`,
      status: 'active',
      date: iso(c.protocolSignedAt!),
      value: KGS(a.requestedTyiyn),
      suppliers: [ref(a.organisation)],
      relatedLots: [lotId],
    })),
    contracts: c.contracts
      .filter((k) => winners.some((a) => a.id === k.applicationId))
      .map((k) => {
        const supplier = payee(k.applicationId)!;
        const transactions = k.tranches
          .filter((t) => t.releasedAt)
          .map((t) => ({ id: t.id, date: iso(t.releasedAt!), value: KGS(t.amountTyiyn), payer: ref(c.buyer), payee: ref(supplier) }));
        return {
          id: k.id,
          awardID: k.applicationId,
          title: `${k.code}: ${k.title}`,
          status: k.signedAt ? 'active' : 'pending',
          period: { startDate: dayStart(k.startDate), endDate: dayEnd(k.endDate) },
          value: KGS(k.amountTyiyn),
          ...(k.signedAt ? { dateSigned: iso(k.signedAt) } : {}),
          ...(transactions.length ? { implementation: { transactions } } : {}),
        };
      }),
  };
}
export type OcdsRelease = ReturnType<typeof competitionRelease>;

/** A release package of competitions (one or many), OCDS 1.1. */
export function ocdsReleasePackage(competitions: OcdsCompetition[], opts: { uri: string; publishedDate: Date; publisher: string }) {
  return {
    uri: opts.uri,
    version: '1.1',
    extensions: [OCDS_LOTS_EXTENSION],
    publishedDate: opts.publishedDate.toISOString(),
    publisher: { name: opts.publisher },
    releases: competitions.map(competitionRelease),
  };
}
