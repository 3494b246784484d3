export interface OrganisationTable {
  id: string;
  name: string;
  corporate_number: string | null;
  created_at: string;
}
