import { describe, expect, it } from 'vitest';
import { placeLabels, pointLabelCandidates } from './label-placement.ts';

const township = (x: number, y: number, width = 48) => ({ x, y, width, height: 14, candidates: [[0, 0]] as const });

describe('map label placement', () => {
  it('moves the port label off a township name it would cover (the port beside 龙门街道)', () => {
    // 龙门街道's name centred 40 px right of the port's point: the port's preferred place (to the right) covers it
    const port = { x: 100, y: 100, width: 36, height: 14, candidates: pointLabelCandidates(36, 14) };
    const [longmen, portPlace] = placeLabels([township(140, 100), port]);
    expect(longmen).toEqual([0, 0]);
    expect(portPlace).toEqual([-27, 0]); // to the left of its point instead
  });

  it('keeps the preferred place when it is free, and hides a label with no free place', () => {
    const free = { x: 0, y: 0, width: 36, height: 14, candidates: pointLabelCandidates(36, 14) };
    expect(placeLabels([township(300, 300), free])[1]).toEqual([27, 0]);
    // names on all four sides of the point: the port's name gives way, the townships keep theirs
    const hemmed = { ...free, candidates: pointLabelCandidates(36, 14, [9]) };
    const boxedIn = placeLabels([township(40, 0), township(-40, 0), township(0, 16, 80), township(0, -16, 80), hemmed]);
    expect(boxedIn.slice(0, 4)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(boxedIn[4]).toBeNull();
  });

  it('goes farther out when the places next to the point are taken', () => {
    const port = { x: 0, y: 0, width: 36, height: 14, candidates: pointLabelCandidates(36, 14) };
    const placed = placeLabels([township(40, 0), township(-40, 0), township(0, 16, 120), township(0, -16, 120), port]);
    expect(placed[4]).toEqual([0, 39]); // 32 px below the point: the nearer rings are all taken
  });

  it('lets the first of two overlapping names win', () => {
    expect(placeLabels([township(0, 0), township(20, 4)])).toEqual([[0, 0], null]);
  });
});
