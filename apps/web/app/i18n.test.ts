import { describe, expect, it } from 'vitest';
import { getT } from './i18n.ts';

describe('getT', () => {
  it('answers a bare key the same every time, and still interpolates and counts', () => {
    const t = getT('ru');
    expect(t('common:fieldDevice.kept')).toBe('Страница сохранена на телефоне: она откроется и без связи');
    expect(t('common:fieldDevice.kept')).toBe(t('common:fieldDevice.kept'));
    expect(getT('ky')('common:fieldDevice.kept')).toBe('Барак телефонго сакталды: байланыш жок болсо да ачылат');
    expect(t('survey:field.waiting', { count: 2 })).toContain('2');
    expect(t('survey:field.waiting', { count: 0 })).not.toBe(t('survey:field.waiting', { count: 2 }));
  });
});
