import type { Language } from './format.ts';
import kyCommon from './locales/ky/common.json' with { type: 'json' };
import ruCommon from './locales/ru/common.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import kyProgram from './locales/ky/program.json' with { type: 'json' };
import ruProgram from './locales/ru/program.json' with { type: 'json' };
import enProgram from './locales/en/program.json' with { type: 'json' };
import kyAssessment from './locales/ky/assessment.json' with { type: 'json' };
import ruAssessment from './locales/ru/assessment.json' with { type: 'json' };
import enAssessment from './locales/en/assessment.json' with { type: 'json' };
import kyResults from './locales/ky/results.json' with { type: 'json' };
import ruResults from './locales/ru/results.json' with { type: 'json' };
import enResults from './locales/en/results.json' with { type: 'json' };

/**
 * All translations, one namespace per feature (common, program, results, assessment…).
 * A feature adds its three JSON files and registers them here; a test fails when any key is
 * missing in one of the languages.
 */
export const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  ky: { common: kyCommon, program: kyProgram, results: kyResults, assessment: kyAssessment },
  ru: { common: ruCommon, program: ruProgram, results: ruResults, assessment: ruAssessment },
  en: { common: enCommon, program: enProgram, results: enResults, assessment: enAssessment },
};

export const namespaces = Object.keys(resources.en);
