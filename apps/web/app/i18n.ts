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
  instances.set(lng, remembered(inst.t.bind(inst) as TFunction));
}

/**
 * A translator that remembers its answers to a bare key (no count, no values): the texts are static,
 * and a page such as the explorer asks for the same few hundred labels on every render (i18next's
 * lookup was a twentieth of the server's time under load, bench P3). Bounded by the number of keys.
 */
function remembered(translate: TFunction): TFunction {
  const t = translate as unknown as (...a: unknown[]) => unknown;
  const known = new Map<string, string>();
  const cached = (...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string') return t(...args);
    let text = known.get(key);
    if (text === undefined) {
      text = String(t(key));
      if (known.size < 20_000) known.set(key, text);
    }
    return text;
  };
  return cached as unknown as TFunction;
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
