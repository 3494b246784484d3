import type {
  ApiTokenTable,
  InstanceSettingTable,
  LockoutEventTable,
  LoginCounterTable,
  MembershipTable,
  OneTimeTokenTable,
  RecoveryCodeTable,
  ResetCounterTable,
  SecretTable,
  SessionTable,
  UserTable,
} from "../accounts/accounts.table.ts";
import type {
  ApplicationEventTable,
  ApplicationTable,
  CalendarTokenTable,
  RegistryCounterTable,
} from "../application/application.table.ts";
import type { AssessmentTable, CriterionResultTable } from "../assessment/assessment.table.ts";
import type {
  AuditCheckpointTable,
  AuditEntryTable,
  AuditHeadTable,
  AuditKeyTable,
} from "../audit/audit.table.ts";
import type { DeviceProfileTable, DeviceRunTable } from "../device-tests/device-tests.table.ts";
import type { DocumentInputsTable, DocumentVersionTable } from "../documents/documents.table.ts";
import type {
  BlobTable,
  EvidenceLinkTable,
  EvidenceTable,
  EvidenceVerificationTable,
} from "../evidence/evidence.table.ts";
import type { ApplicationFormTable } from "../forms/application-form.table.ts";
import type { JobTable } from "../jobs/jobs.table.ts";
import type { LabelKeyTable, LabelTable, LabelTermTable } from "../labels/labels.table.ts";
import type { OrganisationTable } from "../organisation/organisation.table.ts";
import type { ApplicationPackageTable } from "../package/package.table.ts";
import type {
  ComponentTable,
  FirmwareImageTable,
  FirmwareReleaseTable,
  ModelNumberTable,
  ProductTable,
} from "../product/product.table.ts";
import type { ProductPublicationTable } from "../registry/publication.table.ts";
import type { SignoffTable } from "../signoff/signoff.table.ts";
import type {
  SbomImportTable,
  VexStatementTable,
  VulnAdvisoryTable,
  VulnAffectedTable,
  VulnFindingTable,
  VulnPolicyTable,
  VulnScanTable,
  VulnSourceTable,
} from "../vuln/vuln.table.ts";

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
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_counters: LoginCounterTable;
  reset_counters: ResetCounterTable;
  lockout_events: LockoutEventTable;
  one_time_tokens: OneTimeTokenTable;
  instance_settings: InstanceSettingTable;
  secrets: SecretTable;
  blobs: BlobTable;
  evidence_verifications: EvidenceVerificationTable;
  audit_entries: AuditEntryTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_keys: AuditKeyTable;
  jobs: JobTable;
  device_profiles: DeviceProfileTable;
  device_runs: DeviceRunTable;
  document_inputs: DocumentInputsTable;
  document_versions: DocumentVersionTable;
  applications: ApplicationTable;
  application_events: ApplicationEventTable;
  registry_counters: RegistryCounterTable;
  calendar_tokens: CalendarTokenTable;
  labels: LabelTable;
  label_terms: LabelTermTable;
  label_keys: LabelKeyTable;
  product_publications: ProductPublicationTable;
  sbom_imports: SbomImportTable;
  vuln_sources: VulnSourceTable;
  vuln_advisories: VulnAdvisoryTable;
  vuln_affected: VulnAffectedTable;
  vuln_policies: VulnPolicyTable;
  vuln_scans: VulnScanTable;
  vuln_findings: VulnFindingTable;
  vex_statements: VexStatementTable;
  signoffs: SignoffTable;
  application_forms: ApplicationFormTable;
  application_packages: ApplicationPackageTable;
}
