import { describe, expect, it } from 'vitest';
import type { Jurisdiction } from '../../api/types.ts';
import { CODE_PREFIX_DIGITS, buildJurisdictionTree, childLevel, localName } from './jurisdictions-api.ts';

const j = (id: string, parentId: string | null, level: Jurisdiction['level'], code: string, name: string, nameEn = ''): Jurisdiction => ({
  id,
  parentId,
  level,
  code,
  name,
  nameEn,
  population: null,
  centroid: null,
  adjacentIds: [],
});

describe('buildJurisdictionTree', () => {
  const items = [
    j('t2', 'd', 'township', '500199002000', '江北街道', 'Jiangbei'),
    j('d', 'city', 'district', '500199', '嘉江区', 'District J'),
    j('t1', 'd', 'township', '500199001000', '文昌街道', 'Wenchang'),
    j('c1', 't1', 'community', '500199001001', '文昌社区'),
  ];

  it('nests by parentId, orders by code, and roots items whose parent is out of scope', () => {
    const tree = buildJurisdictionTree(items, 'zh-CN');
    expect(tree.map((node) => node.key)).toEqual(['d']);
    expect(tree[0].children.map((node) => node.title)).toEqual(['文昌街道', '江北街道']);
    expect(tree[0].children[0].children.map((node) => node.key)).toEqual(['c1']);
  });

  it('names in English when asked, falling back to Chinese where no English name exists', () => {
    const tree = buildJurisdictionTree(items, 'en');
    expect(tree[0].title).toBe('District J');
    expect(tree[0].children[0].children[0].title).toBe('文昌社区');
    expect(localName({ name: '港城', nameEn: 'Gangcheng' }, 'zh-CN')).toBe('港城');
  });

  it('shows a township officer their township as the root', () => {
    const tree = buildJurisdictionTree(
      items.filter((item) => item.id === 't1' || item.id === 'c1'),
      'zh-CN',
    );
    expect(tree.map((node) => node.key)).toEqual(['t1']);
  });
});

describe('a new subdivision', () => {
  it('sits one level down and starts with the digits it shares with its parent', () => {
    expect(childLevel('district')).toBe('township');
    expect(childLevel('township')).toBe('community');
    expect(childLevel('community')).toBe('community');
    expect('500199001000'.slice(0, CODE_PREFIX_DIGITS[childLevel('township')])).toBe('500199001');
    expect('500199'.slice(0, CODE_PREFIX_DIGITS[childLevel('district')])).toBe('500199');
  });
});
