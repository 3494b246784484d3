import type {
  ApiTokenTable,
  InstanceSettingTable,
  LockoutEventTable,
  LoginCounterTable,
  MembershipTable,
  OneTimeTokenTable,
  SecretTable,
  SessionTable,
  UserTable,
} from "../accounts/accounts.table.ts";
import type { AssessmentTable, CriterionResultTable } from "../assessment/assessment.table.ts";
import type { AuditCheckpointTable, AuditEntryTable, AuditHeadTable } from "../audit/audit.table.ts";
import type {
  BlobTable,
  EvidenceLinkTable,
  EvidenceTable,
  EvidenceVerificationTable,
} from "../evidence/evidence.table.ts";
import type { ApplicationFormTable } from "../forms/application-form.table.ts";
import type { OrganisationTable } from "../organisation/organisation.table.ts";
import type { ApplicationPackageTable } from "../package/package.table.ts";
import type {
  ComponentTable,
  FirmwareImageTable,
  FirmwareReleaseTable,
  ModelNumberTable,
  ProductTable,
} from "../product/product.table.ts";
import type { SignoffTable } from "../signoff/signoff.table.ts";

/**
 * The whole database as Kysely sees it. Portable across SQLite and PostgreSQL:
 * text ids, ISO-8601 text times, JSON as text, booleans as 0/1 integers.
 */
export interface Database {
  organisations: OrganisationTable;
  products: ProductTable;
  model_numbers: ModelNumberTable;
  firmware_images: FirmwareImageTable;
  firmware_releases: FirmwareReleaseTable;
  components: ComponentTable;
  assessments: AssessmentTable;
  criterion_results: CriterionResultTable;
  evidence: EvidenceTable;
  evidence_links: EvidenceLinkTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_counters: LoginCounterTable;
  lockout_events: LockoutEventTable;
  one_time_tokens: OneTimeTokenTable;
  instance_settings: InstanceSettingTable;
  secrets: SecretTable;
  blobs: BlobTable;
  evidence_verifications: EvidenceVerificationTable;
  audit_entries: AuditEntryTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointTable;
  signoffs: SignoffTable;
  application_forms: ApplicationFormTable;
  application_packages: ApplicationPackageTable;
}
