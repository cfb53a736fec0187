import type { Language } from './format.ts';
import kyCommon from './locales/ky/common.json' with { type: 'json' };
import ruCommon from './locales/ru/common.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };

/**
 * All translations, one namespace per feature (common, program, results, assessment…).
 * A feature adds its three JSON files and registers them here; a test fails when any key is
 * missing in one of the languages.
 */
export const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  ky: { common: kyCommon },
  ru: { common: ruCommon },
  en: { common: enCommon },
};

export const namespaces = Object.keys(resources.en);
