import { z } from 'zod';
import { optionalText, requiredText } from '../forms.ts';
import { organisationKinds, roles } from '../auth/roles.ts';
import { isSoate } from '../territory/soate.ts';

export const passwordSchema = z
  .string({ error: 'errors.required' })
  .min(10, { error: 'errors.passwordTooShort' })
  .max(200, { error: 'errors.tooLong' });

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, { error: 'errors.email' }).email({ error: 'errors.email' }),
  // Capped like a new password, so a megabyte "password" never reaches the (deliberately slow) hash.
  password: z.string().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
  redirectTo: z.string().max(2000).optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' }),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(200, { error: 'errors.tooLong' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'errors.passwordMismatch',
  });

export const setPasswordSchema = z
  .object({ newPassword: passwordSchema, confirmPassword: z.string().max(200, { error: 'errors.tooLong' }) })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'errors.passwordMismatch',
  });

const soate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || isSoate(v), { error: 'errors.soate' });

/** Kyrgyz INN: 14 digits. */
const inn = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\d{14}$/.test(v), { error: 'errors.inn' });

export const organisationSchema = z
  .object({
    kind: z.enum(organisationKinds, { error: 'errors.required' }),
    name_ky: requiredText(300),
    name_ru: requiredText(300),
    name_en: requiredText(300),
    inn,
    registration_no: optionalText(100),
    address: optionalText(500),
    contacts: optionalText(500),
    admin_unit_soate: soate,
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'territorial_division' || v.kind === 'municipality') && !v.admin_unit_soate) {
      ctx.addIssue({ code: 'custom', path: ['admin_unit_soate'], message: 'errors.territoryRequired' });
    }
    if (v.kind === 'ngo' && !v.inn) {
      ctx.addIssue({ code: 'custom', path: ['inn'], message: 'errors.required' });
    }
  });
export type OrganisationInput = z.infer<typeof organisationSchema>;

export const userSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, { error: 'errors.email' }).email({ error: 'errors.email' }),
  full_name: requiredText(200),
  organisation_id: z.string().uuid({ error: 'errors.required' }),
  role: z.enum(roles, { error: 'errors.required' }),
});
export type UserInput = z.infer<typeof userSchema>;

export const multilingualNameSchema = z.object({
  code: requiredText(50),
  name_ky: requiredText(300),
  name_ru: requiredText(300),
  name_en: requiredText(300),
});
