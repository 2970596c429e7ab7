/**
 * Sample manifests for the demo voyage and the benchmark: a passenger vessel's decks and cabins (4 berths a
 * cabin), passengers with valid resident identity numbers, a crew, boarding and leaving ports along the route.
 * Deterministic for a seed.
 */
import { GIVEN_NAMES, SURNAMES } from '../../platform/demo/person-names.ts';
import { createDemoRandom } from '../../platform/demo/random.ts';
import { makeResidentId } from '../cases/index.ts';

export const MANIFEST_HEADER = [
  '姓名',
  '人员类别',
  '性别',
  '证件类型',
  '证件号码',
  '联系电话',
  '现住址',
  '甲板',
  '舱室',
  '铺位',
  '上船港',
  '下船港',
];

export interface SamplePerson {
  name: string;
  role: '旅客' | '船员';
  sex: '男' | '女';
  idNumber: string;
  phone: string;
  residence: string;
  deck: string;
  cabin: string;
  berth: string;
  boardedAt: string;
  alightedAt: string;
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function manifestCsv(people: readonly SamplePerson[]): string {
  const lines = [MANIFEST_HEADER.join(',')];
  for (const p of people) {
    lines.push(
      [p.name, p.role, p.sex, '身份证', p.idNumber, p.phone, p.residence, p.deck, p.cabin, p.berth, p.boardedAt, p.alightedAt]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * `rows` people on a vessel of `decks` decks with cabins of 4 berths (cabin 305 = deck 3, cabin 5), 1 in 20
 * crew; residences drawn from `residences`; boarding and leaving ports from `stops` (most travel end to end).
 */
export function samplePeople(options: {
  rows: number;
  seed: number;
  decks?: number;
  stops: readonly string[];
  residences: readonly string[];
  firstSequence?: number;
}): SamplePerson[] {
  const rnd = createDemoRandom(options.seed);
  const decks = options.decks ?? 4;
  const cabinsPerDeck = Math.max(1, Math.ceil(options.rows / (decks * 4)));
  const out: SamplePerson[] = [];
  const stops = options.stops;
  for (let i = 0; i < options.rows; i++) {
    const slot = Math.floor(i / 4);
    const deck = String((slot % decks) + 1);
    const cabin = `${deck}${String((Math.floor(slot / decks) % cabinsPerDeck) + 1).padStart(2, '0')}`;
    // unique numbers: the sequence is the row within a block of 1,000, each block born in its own 5 years
    const seq = ((options.firstSequence ?? 0) + i) % 1000;
    const block = Math.floor(((options.firstSequence ?? 0) + i) / 1000) % 11;
    const female = seq % 2 === 0;
    const year = 1950 + block * 5 + rnd.int(0, 4);
    const birth = `${year}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
    const id = makeResidentId(rnd.pick(['500112', '500101', '420502', '500233', '510104']), birth, seq);
    const from = rnd.next() < 0.8 ? stops[0]! : rnd.pick(stops.slice(0, -1));
    const fromIndex = stops.indexOf(from);
    const to = rnd.next() < 0.8 ? stops[stops.length - 1]! : stops[rnd.int(fromIndex + 1, stops.length - 1)]!;
    out.push({
      name: `${rnd.pick(SURNAMES)[0]}${rnd.pick(GIVEN_NAMES)[0]}`,
      role: i % 20 === 19 ? '船员' : '旅客',
      sex: female ? '女' : '男',
      idNumber: id,
      phone: `13${rnd.int(0, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
      residence: rnd.pick(options.residences),
      deck,
      cabin,
      berth: String((i % 4) + 1),
      boardedAt: from,
      alightedAt: to,
    });
  }
  return out;
}
