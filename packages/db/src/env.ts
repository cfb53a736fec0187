import { z } from 'zod';

/** The only place @kamkor/db reads environment variables. */
const schema = z.object({
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  KAMKOR_DATA_DIR: z.string().optional(),
  TEST_DATABASE_URL: z.string().optional(),
});

export const dbEnv = schema.parse({
  DATABASE_URL: process.env.DATABASE_URL,
  KAMKOR_DATA_DIR: process.env.KAMKOR_DATA_DIR,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
});
