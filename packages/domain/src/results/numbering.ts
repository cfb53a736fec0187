/** Levels of a results framework, top to bottom. */
export const frameworkLevels = ['goal', 'result', 'output'] as const;
export type FrameworkLevel = (typeof frameworkLevels)[number];

export interface FrameworkNodeLike {
  id: string;
  parentId: string | null;
  sort: number;
}

/**
 * Outline numbers for a framework tree: goals 1, 2…; results 1.1, 1.2…; outputs 1.1.1… Siblings are
 * ordered by `sort` then id, so numbers stay stable when a node is added at the end.
 */
export function numberFramework<T extends FrameworkNodeLike>(nodes: T[]): Map<string, string> {
  const byParent = new Map<string | null, T[]>();
  for (const n of nodes) {
    const list = byParent.get(n.parentId) ?? [];
    list.push(n);
    byParent.set(n.parentId, list);
  }
  const out = new Map<string, string>();
  const walk = (parent: string | null, prefix: string) => {
    const kids = (byParent.get(parent) ?? []).sort((a, b) => a.sort - b.sort || a.id.localeCompare(b.id));
    kids.forEach((k, i) => {
      const num = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.set(k.id, num);
      walk(k.id, num);
    });
  };
  walk(null, '');
  return out;
}

/** The level a child of a node at `level` has, or null below outputs. */
export function childLevel(level: FrameworkLevel | null): FrameworkLevel | null {
  if (level === null) return 'goal';
  const i = frameworkLevels.indexOf(level);
  return frameworkLevels[i + 1] ?? null;
}
