import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A date column: 'YYYY-MM-DD' on both engines. */
export type DateString = string;

export interface AdminUnitTable {
  soate: string;
  level: string;
  parent_soate: string | null;
  name_ky: string;
  name_ru: string;
  name_en: string;
  valid_from: DateString;
  valid_to: DateString | null;
  successor_soate: string | null;
  updated_at: Timestamp;
}

export interface OrganisationTable {
  id: Generated<string>;
  kind: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  inn: string | null;
  registration_no: string | null;
  address: string | null;
  contacts: string | null;
  admin_unit_soate: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  full_name: string;
  password_hash: string | null;
  language: string | null;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  password_changed_at: Date | null;
}

export interface MembershipTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: string;
  created_at: Timestamp;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date | string;
  last_seen_at: Timestamp;
  user_agent: string | null;
}

export interface PasswordTokenTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  expires_at: Date | string;
  used_at: Date | string | null;
  created_at: Timestamp;
}

export interface RateLimitTable {
  key: string;
  window_start: Date | string;
  count: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: string | null;
  at: Timestamp;
}

interface CatalogueRow {
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
  is_active: Generated<boolean>;
  sort_order: Generated<number>;
}

export type PriorityAreaTable = CatalogueRow;
export interface ServiceTable extends CatalogueRow {
  priority_area_code: string | null;
}
export type TargetGroupTable = CatalogueRow;

/** A piece of a streamed file, in order of `seq`; deleted with its file. */
export interface StoredFileChunkTable {
  file_id: string;
  seq: number;
  data: Uint8Array;
}

export interface StoredFileTable {
  id: Generated<string>;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** The bytes of a file stored whole; null for a file streamed in as `stored_file_chunk` rows. */
  data: Uint8Array | null;
  created_by: string | null;
  created_at: Timestamp;
  /** `upload` (kept), `dry_run` (kept between dry run and apply), `error_copy`, `evidence`, `photo`. */
  kind: Generated<string>;
  /** Temporary copies expire; the clean-up deletes them afterwards. Null: kept. */
  expires_at: Date | string | null;
}

/** Failed-login counter of one account or client address (progressive delay, decision 009). */
export interface LoginThrottleTable {
  key: string;
  attempts: Generated<number>;
  failures: Generated<number>;
  allowed_attempt: Generated<number>;
  next_allowed_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReferenceDataVersionTable {
  name: string;
  version: string;
  loaded_at: Timestamp;
}

export interface CoreTables {
  admin_unit: AdminUnitTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  session: SessionTable;
  password_token: PasswordTokenTable;
  rate_limit: RateLimitTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  priority_area: PriorityAreaTable;
  service: ServiceTable;
  target_group: TargetGroupTable;
  stored_file: StoredFileTable;
  stored_file_chunk: StoredFileChunkTable;
  reference_data_version: ReferenceDataVersionTable;
}
