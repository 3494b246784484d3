export * from "./accounts/index.ts";
export * from "./application/index.ts";
export * from "./assessment/assessment.ts";
export * from "./assessment/criterion-state.ts";
export * from "./assessment/migrate-assessment.ts";
export * from "./assessment/rules.ts";
export * from "./assessment/set-result.ts";
export * from "./audit/audit-log.ts";
export * from "./audit/canonical-json.ts";
export * from "./audit/checkpoints.ts";
export * from "./audit/external-checkpoint.ts";
export * from "./audit/public-key.ts";
export * from "./backup/backup.ts";
export * from "./backup/restore.ts";
export * from "./bundle/build-bundle.ts";
export * from "./bundle/bundle-format.ts";
export * from "./bundle/bundle-signature.ts";
export * from "./bundle/import-bundle.ts";
export * from "./bundle/trusted-keys.ts";
export * from "./bundle/verify-bundle.ts";
export * from "./catalog/index.ts";
export * from "./checklist/index.ts";
export * from "./claims/index.ts";
export * from "./config/client-address.ts";
export * from "./config/config.ts";
export * from "./config/trusted-proxies.ts";
export * from "./context/deps.ts";
export * from "./db/create-db.ts";
export * from "./db/ids.ts";
export * from "./db/in-transaction.ts";
export * from "./device-tests/file-probe-run.ts";
export * from "./device-tests/guided-test.ts";
export * from "./device-tests/index.ts";
export * from "./device-tests/platform-check.ts";
export * from "./documents/index.ts";
export * from "./errors/index.ts";
export * from "./evidence/evidence.schema.ts";
export * from "./evidence/evidence.ts";
export * from "./forms/index.ts";
export * from "./i18n/text.ts";
export * from "./jobs/index.ts";
export * from "./labels/index.ts";
export * from "./organisation/organisation.ts";
export * from "./package/index.ts";
export * from "./pdf/index.ts";
export * from "./product/firmware.ts";
export * from "./product/model-numbers.ts";
export * from "./product/product.schema.ts";
export * from "./product/product.ts";
export * from "./readiness/blocker.ts";
export * from "./readiness/load-readiness-input.ts";
export * from "./readiness/next-step.ts";
// readiness() itself is not exported: its one caller is loadReadiness() (the loader above).
export {
  APPLICATION_BLOCKER_SCOPE,
  type BlockerRule,
  type CriterionReadiness,
  latestDeviceTests,
  type Readiness,
  type ReadinessInput,
  type ReadinessResult,
  SPINE_RULES,
} from "./readiness/readiness.ts";
export * from "./registry/index.ts";
export * from "./reminders/index.ts";
export * from "./report/index.ts";
export * from "./sbom/diff-releases.ts";
export * from "./sbom/export-cyclonedx.ts";
export * from "./sbom/import-sbom.ts";
export * from "./sbom/parse-sbom.ts";
export * from "./sbom/release.ts";
export * from "./sbom/release-components.ts";
export * from "./sbom/sbom-component.ts";
export * from "./scheme/index.ts";
export * from "./secrets/atomic-write.ts";
export * from "./secrets/instance-key.ts";
export * from "./secrets/key-rotation.ts";
export * from "./secrets/secret-box.ts";
export * from "./secrets/secret-store.ts";
export * from "./settings/instance-settings.ts";
export * from "./settings/public-origin.ts";
export * from "./settings/public-url.ts";
export * from "./settings/security-txt-settings.ts";
export * from "./signoff/index.ts";
export * from "./vault/index.ts";
export * from "./vuln/criterion.ts";
export * from "./vuln/import-nvd.ts";
export * from "./vuln/import-osv.ts";
export * from "./vuln/import-report.ts";
export * from "./vuln/match.ts";
export * from "./vuln/policy.ts";
export * from "./vuln/release-findings.ts";
export * from "./vuln/scan-release.ts";
export * from "./vuln/scanner-reports.ts";
export * from "./vuln/severity.ts";
export * from "./vuln/store-advisories.ts";
export * from "./vuln/vex.ts";
