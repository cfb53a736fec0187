/** One box of a problem tree: causes grow below the problem (roots), effects above it (branches). */
export interface CauseNode {
  id: string;
  parentId: string | null;
  kind: 'cause' | 'effect';
  text: string;
  sortOrder: number;
}

export interface TreeBox {
  id: string;
  kind: 'problem' | 'cause' | 'effect';
  text: string;
  /** Wrapped lines of text, so the SVG needs no client-side measuring. */
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TreeLink {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TreeLayout {
  width: number;
  height: number;
  boxes: TreeBox[];
  links: TreeLink[];
}

const BOX_W = 180;
const GAP_X = 20;
const LEVEL_H = 110;
const LINE_H = 15;
const CHARS_PER_LINE = 24;
const MAX_LINES = 5;

/** Wraps text into lines of about `width` characters (words kept whole where possible). */
export function wrapText(text: string, width = CHARS_PER_LINE, maxLines = MAX_LINES): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let w of words) {
    while (w.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = kept[maxLines - 1]!.slice(0, width - 1) + '…';
    return kept;
  }
  return lines.length ? lines : [''];
}

/** Nodes whose parent is missing or of the other kind are attached to the problem itself. */
function childrenOf(nodes: CauseNode[], kind: 'cause' | 'effect') {
  const own = nodes.filter((n) => n.kind === kind);
  const ids = new Set(own.map((n) => n.id));
  const map = new Map<string | null, CauseNode[]>();
  for (const n of own) {
    const parent = n.parentId && ids.has(n.parentId) ? n.parentId : null;
    map.set(parent, [...(map.get(parent) ?? []), n]);
  }
  for (const list of map.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.text.localeCompare(b.text));
  return map;
}

/**
 * Lays out a problem tree for a server-drawn SVG: the problem in the middle row, causes in rows
 * below it, effects in rows above; each subtree gets a column band as wide as its leaves.
 */
export function layoutCauseTree(problem: string, nodes: CauseNode[]): TreeLayout {
  const causes = childrenOf(nodes, 'cause');
  const effects = childrenOf(nodes, 'effect');
  const leaves = (map: Map<string | null, CauseNode[]>, id: string | null, seen = new Set<string>()): number => {
    const kids = (map.get(id) ?? []).filter((k) => !seen.has(k.id));
    if (kids.length === 0) return 1;
    kids.forEach((k) => seen.add(k.id));
    return kids.reduce((s, k) => s + leaves(map, k.id, seen), 0);
  };
  const depth = (map: Map<string | null, CauseNode[]>, id: string | null, guard = 0): number => {
    const kids = map.get(id) ?? [];
    if (kids.length === 0 || guard > 50) return 0;
    return 1 + Math.max(...kids.map((k) => depth(map, k.id, guard + 1)));
  };
  const columns = Math.max(leaves(causes, null), leaves(effects, null), 1);
  const width = columns * (BOX_W + GAP_X) + GAP_X;
  const effectDepth = depth(effects, null);
  const causeDepth = depth(causes, null);
  const height = (effectDepth + causeDepth + 1) * LEVEL_H + GAP_X;
  const problemY = effectDepth * LEVEL_H + GAP_X;
  const boxes: TreeBox[] = [];
  const links: TreeLink[] = [];
  const boxHeight = (lines: string[]) => Math.max(40, lines.length * LINE_H + 16);
  const problemLines = wrapText(problem, CHARS_PER_LINE * 2, 3);
  const problemBox: TreeBox = {
    id: 'problem',
    kind: 'problem',
    text: problem,
    lines: problemLines,
    x: width / 2 - BOX_W,
    y: problemY,
    width: BOX_W * 2,
    height: boxHeight(problemLines),
  };
  boxes.push(problemBox);
  const place = (map: Map<string | null, CauseNode[]>, direction: 1 | -1) => {
    const seen = new Set<string>();
    const walk = (parent: TreeBox, parentId: string | null, left: number, level: number) => {
      let cursor = left;
      for (const kid of map.get(parentId) ?? []) {
        if (seen.has(kid.id)) continue;
        seen.add(kid.id);
        const span = leaves(map, kid.id, new Set(seen));
        const bandWidth = span * (BOX_W + GAP_X);
        const lines = wrapText(kid.text);
        const box: TreeBox = {
          id: kid.id,
          kind: kid.kind,
          text: kid.text,
          lines,
          x: cursor + (bandWidth - BOX_W - GAP_X) / 2 + GAP_X,
          y: problemY + direction * level * LEVEL_H,
          width: BOX_W,
          height: boxHeight(lines),
        };
        boxes.push(box);
        const parentEdge = direction === 1 ? parent.y + parent.height : parent.y;
        const kidEdge = direction === 1 ? box.y : box.y + box.height;
        links.push({ from: parent.id, to: box.id, x1: parent.x + parent.width / 2, y1: parentEdge, x2: box.x + box.width / 2, y2: kidEdge });
        walk(box, kid.id, cursor, level + 1);
        cursor += bandWidth;
      }
    };
    const total = leaves(map, null) * (BOX_W + GAP_X);
    walk(problemBox, null, (width - GAP_X - total) / 2, 1);
  };
  place(causes, 1);
  place(effects, -1);
  return { width, height: Math.max(height, problemBox.y + problemBox.height + GAP_X), boxes, links };
}

/** True when making `parentId` the parent of `id` would create a loop. */
export function wouldCreateCycle(nodes: Pick<CauseNode, 'id' | 'parentId'>[], id: string, parentId: string | null): boolean {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  let cur = parentId;
  for (let i = 0; cur && i <= nodes.length; i++) {
    if (cur === id) return true;
    cur = parentOf.get(cur) ?? null;
  }
  return false;
}
