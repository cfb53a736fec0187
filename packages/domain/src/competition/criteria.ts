/** The reference document's municipal criteria, offered as the defaults of every new competition. */
export const defaultCriteria = [
  { code: 'importance', weight: 30, maxPoints: 10 },
  { code: 'participation', weight: 20, maxPoints: 10 },
  { code: 'sustainability', weight: 20, maxPoints: 10 },
  { code: 'budget', weight: 20, maxPoints: 10 },
  { code: 'contribution', weight: 10, maxPoints: 10 },
] as const;
