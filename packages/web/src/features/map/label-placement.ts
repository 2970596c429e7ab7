/**
 * Keeps the map's HTML labels from covering each other (issue 12, item 12: the port's name covered 龙门街道, the
 * outbreak township). The map has no glyph server (offline), so labels are HTML markers rather than a MapLibre
 * symbol layer with its collision detection; this does the same job for them, greedily and by priority as
 * MapLibre does: township names are placed first and always win, then each lesser label (the port) takes the
 * first of its candidate positions around its point that covers no label already placed (nearest first), and
 * is hidden when none is free.
 */

/** A label to place: its anchor on screen (px), its size, and the offsets it may take from the anchor. */
export interface LabelToPlace {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Offsets of the label's centre from the anchor, most preferred first. */
  candidates: ReadonlyArray<readonly [number, number]>;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pixels kept between two labels. */
const GAP = 1;

/**
 * Offsets around a point for a label of this size: right of it, left, below, above, then the four corners —
 * first `gaps[0]` px from the point, then farther out (in the dense town centre the nearest places are often
 * taken by township names).
 */
export function pointLabelCandidates(width: number, height: number, gaps: readonly number[] = [9, 20, 32]): Array<[number, number]> {
  return gaps.flatMap((gap): Array<[number, number]> => {
    const x = width / 2 + gap;
    const y = height / 2 + gap;
    return [
      [x, 0],
      [-x, 0],
      [0, y],
      [0, -y],
      [x, -y],
      [x, y],
      [-x, -y],
      [-x, y],
    ];
  });
}

function boxOf(label: LabelToPlace, [dx, dy]: readonly [number, number]): Box {
  const left = label.x + dx - label.width / 2;
  const top = label.y + dy - label.height / 2;
  return { left, top, right: left + label.width, bottom: top + label.height };
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
}

/**
 * Places labels in the order given (highest priority first). Returns, for each label, the offset it takes, or
 * null when every candidate would cover a label placed before it (the label is hidden).
 */
export function placeLabels(labels: readonly LabelToPlace[]): Array<readonly [number, number] | null> {
  const placed: Box[] = [];
  return labels.map((label) => {
    for (const offset of label.candidates) {
      const box = boxOf(label, offset);
      if (placed.some((other) => overlaps(box, other))) continue;
      placed.push(box);
      return offset;
    }
    return null;
  });
}
