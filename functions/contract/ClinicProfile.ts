/**
 * The clinic a deployment serves (name, contact, time zone, locations), as one zod schema and its
 * type. Read from CARECAST_CLINIC (config.ts) and from templates/clinic.yaml (rendering/clinicProfile.ts).
 */
import * as z from 'zod';

export const ClinicProfile = z
  .object({
    name: z.string().min(1),
    programName: z.string().min(1),
    phone: z.string().min(7),
    email: z.string().email(),
    website: z.string().url(),
    timezone: z.string().min(1),
    locations: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]+$/),
          name: z.string().min(1),
          address: z.string().min(5, 'every location needs a postal address (E1)'),
          phone: z.string().optional(),
        }),
      )
      .min(1),
  })
  .strict();
export type ClinicProfile = z.infer<typeof ClinicProfile>;
