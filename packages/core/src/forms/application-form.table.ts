export interface ApplicationFormTable {
  id: string;
  org_id: string;
  product_id: string;
  /** JSON: ApplicationFormData */
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}
