import { z } from 'zod';

/** The only place the app reads environment variables; invalid configuration stops the start. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().optional().transform((v) => v || undefined),
    KAMKOR_DATA_DIR: z.string().optional().transform((v) => v || undefined),
    SESSION_SECRET: z.string().optional(),
    KAMKOR_DEMO: z.enum(['0', '1']).optional(),
    KAMKOR_SECURE_COOKIES: z.enum(['0', '1']).optional(),
    KAMKOR_TRUST_PROXY: z.enum(['0', '1']).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Server processes on this machine (production on PostgreSQL only; see server/workers.ts). */
    KAMKOR_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  })
  .transform((env) => ({
    ...env,
    trustProxy: env.KAMKOR_TRUST_PROXY === '1',
    demo: env.KAMKOR_DEMO ? env.KAMKOR_DEMO === '1' : !env.DATABASE_URL,
    secureCookies: env.KAMKOR_SECURE_COOKIES ? env.KAMKOR_SECURE_COOKIES === '1' : env.NODE_ENV === 'production' && !!env.DATABASE_URL,
  }))
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'SESSION_SECRET (32+ characters) is required in production' });
    }
  });

export const env = schema.parse(process.env);

/** Secret for CSRF tokens; a fixed development value only when no production server is configured. */
export const sessionSecret = env.SESSION_SECRET ?? 'kamkor-development-secret-not-for-production-use';
