import { z } from "zod";

/** What is stored per product: typed values, the per-field publish choice, form 2-1 ticks, and whether a proxy applies. */
export const applicationFormDataSchema = z
  .object({
    values: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), z.string().max(5000)).default({}),
    publish: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), z.boolean()).default({}),
    confirmations: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), z.boolean()).default({}),
    proxy: z.boolean().default(false),
  })
  .strict();
export type ApplicationFormData = z.output<typeof applicationFormDataSchema>;

/** An edit: the whole form and the version read (0 when the form was never saved). */
export const applicationFormUpdateSchema = applicationFormDataSchema.extend({
  version: z.number().int().min(0),
});
export type ApplicationFormUpdate = z.output<typeof applicationFormUpdateSchema>;
