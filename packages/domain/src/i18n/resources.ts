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
import kyAnalytics from './locales/ky/analytics.json' with { type: 'json' };
import ruAnalytics from './locales/ru/analytics.json' with { type: 'json' };
import enAnalytics from './locales/en/analytics.json' with { type: 'json' };
import kyCompetition from './locales/ky/competition.json' with { type: 'json' };
import ruCompetition from './locales/ru/competition.json' with { type: 'json' };
import enCompetition from './locales/en/competition.json' with { type: 'json' };
import kyMonitoring from './locales/ky/monitoring.json' with { type: 'json' };
import ruMonitoring from './locales/ru/monitoring.json' with { type: 'json' };
import enMonitoring from './locales/en/monitoring.json' with { type: 'json' };
import kySurvey from './locales/ky/survey.json' with { type: 'json' };
import ruSurvey from './locales/ru/survey.json' with { type: 'json' };
import enSurvey from './locales/en/survey.json' with { type: 'json' };
import kyExports from './locales/ky/exports.json' with { type: 'json' };
import ruExports from './locales/ru/exports.json' with { type: 'json' };
import enExports from './locales/en/exports.json' with { type: 'json' };

/**
 * All translations, one namespace per feature (common, program, results, assessment…).
 * A feature adds its three JSON files and registers them here; a test fails when any key is
 * missing in one of the languages.
 */
export const resources: Record<Language, Record<string, Record<string, unknown>>> = {
  ky: { common: kyCommon, program: kyProgram, results: kyResults, assessment: kyAssessment, analytics: kyAnalytics, competition: kyCompetition, monitoring: kyMonitoring, survey: kySurvey, exports: kyExports },
  ru: { common: ruCommon, program: ruProgram, results: ruResults, assessment: ruAssessment, analytics: ruAnalytics, competition: ruCompetition, monitoring: ruMonitoring, survey: ruSurvey, exports: ruExports },
  en: { common: enCommon, program: enProgram, results: enResults, assessment: enAssessment, analytics: enAnalytics, competition: enCompetition, monitoring: enMonitoring, survey: enSurvey, exports: enExports },
};

export const namespaces = Object.keys(resources.en);
