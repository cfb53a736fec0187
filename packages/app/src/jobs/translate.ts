import { resources, type Language } from '@kamkor/domain';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * A translator over the domain's resources for work done away from a request (a background export
 * writes its headers in its owner's language). Keys as the app uses them (`ns:path.to.key`, common
 * by default) with `{{name}}` interpolation; an unknown key comes back as the key.
 */
export function translatorFor(lang: Language): Translate {
  return (key, params = {}) => {
    const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
    let node: unknown = resources[lang]?.[ns];
    for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (typeof node !== 'string') return typeof params.defaultValue === 'string' ? params.defaultValue : key;
    return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (params[name] == null ? '' : String(params[name])));
  };
}
