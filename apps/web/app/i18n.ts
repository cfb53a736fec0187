import i18next, { type TFunction } from 'i18next';
import { useRouteLoaderData } from '@remix-run/react';
import { defaultLanguage, isLanguage, type Language, languages, namespaces, resources } from '@kamkor/domain';

// One initialised instance per language, built once from static resources (configuration, not state).
const instances = new Map<Language, TFunction>();
for (const lng of languages) {
  const inst = i18next.createInstance();
  void inst.init({
    lng,
    fallbackLng: false,
    resources,
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  instances.set(lng, inst.t.bind(inst) as TFunction);
}

/** A translator for a language (server and client). */
export function getT(lang: Language): TFunction {
  return instances.get(lang)!;
}

/** The current language, from the root loader. */
export function useLang(): Language {
  const data = useRouteLoaderData('root') as { lang?: string } | undefined;
  return isLanguage(data?.lang) ? data.lang : defaultLanguage;
}

/** The translator for the current page. */
export function useT(): TFunction {
  return getT(useLang());
}
