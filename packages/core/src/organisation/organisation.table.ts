import type { Generated } from "kysely";

export interface OrganisationTable {
  id: string;
  name: string;
  corporate_number: string | null;
  created_at: string;
  retention_years: Generated<number>;
}
