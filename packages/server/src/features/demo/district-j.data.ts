/**
 * Fixed, hand-written facts of the fictional demo district "District J" (嘉江区): its outline,
 * river, townships, neighbours, agencies and facilities. Everything here is invented but shaped
 * like a real Chinese riverside district; the seeded generator (`district-j.ts`) adds the parts
 * that vary with the seed (where township seats lie, populations, communities, people).
 *
 * Codes follow the national statistics division scheme (GB/T 2260 county code + 3 digits for the
 * township + 3 for the community). Within a county the statistics bureau numbers street offices
 * (街道) 001–099 and towns (镇) 100–199; residents' committees (社区) 001–199 and village
 * committees (村) 200–399. 500199 is not assigned to any real county.
 */
import type { AgencyKind, FacilityType } from '../registry/registry.tables.ts';
import type { Point } from './geometry.ts';

/** The demo district's 6-digit county-level code. */
export const DISTRICT_CODE = '500199';
export const DISTRICT_NAME = '嘉江区';
export const DISTRICT_NAME_EN = 'District J';

/**
 * The district outline, `[lon, lat]` counter-clockwise. Convex on purpose: the Voronoi tiling in
 * `geometry.ts` is exact for convex outlines (see there).
 */
export const DISTRICT_OUTLINE: Point[] = [
  [106.405, 29.318],
  [106.53, 29.306],
  [106.64, 29.338],
  [106.688, 29.43],
  [106.676, 29.56],
  [106.612, 29.668],
  [106.48, 29.694],
  [106.372, 29.652],
  [106.312, 29.54],
  [106.31, 29.44],
  [106.332, 29.372],
];

/**
 * Kilometres per degree at the district's latitude (29.5° N), used as the distance metric:
 * 111.32·cos(29.5°) km per degree of longitude, 110.57 km per degree of latitude (WGS 84 near 30°).
 */
export const KM_PER_DEGREE: Point = [111.32 * Math.cos((29.5 * Math.PI) / 180), 110.57];

/**
 * Centre line of the river (a Yangtze-like main stream) from west to east, `[lon, lat]`, sampled
 * every 0.01° of longitude; it starts and ends outside the outline so it crosses the whole district.
 */
export const RIVER: Point[] = Array.from({ length: 45 }, (_, i) => {
  const lon = 106.28 + i * 0.01;
  const lat = 29.47 + 0.12 * (lon - 106.28) + 0.018 * Math.sin(((lon - 106.28) * 2 * Math.PI) / 0.22);
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] as Point;
});

/** A street office (街道) of the urban core, west to east along the river, with its bank. */
export interface StreetSpec {
  name: string;
  nameEn: string;
  bank: 'north' | 'south';
}

/** The eight street offices of the urban core, in order along the river from west to east. */
export const STREETS: StreetSpec[] = [
  { name: '望江街道', nameEn: 'Wangjiang Subdistrict', bank: 'north' },
  { name: '石门街道', nameEn: 'Shimen Subdistrict', bank: 'south' },
  { name: '滨江街道', nameEn: 'Binjiang Subdistrict', bank: 'north' },
  { name: '文昌街道', nameEn: 'Wenchang Subdistrict', bank: 'south' },
  { name: '港城街道', nameEn: 'Gangcheng Subdistrict', bank: 'north' },
  { name: '龙门街道', nameEn: 'Longmen Subdistrict', bank: 'south' },
  { name: '江北街道', nameEn: 'Jiangbei Subdistrict', bank: 'north' },
  { name: '新桥街道', nameEn: 'Xinqiao Subdistrict', bank: 'south' },
];

/** The twelve towns (镇) beyond the core; their seats are placed by the seeded generator. */
export const TOWNS: Array<{ name: string; nameEn: string }> = [
  { name: '白沙镇', nameEn: 'Baisha Town' },
  { name: '青木镇', nameEn: 'Qingmu Town' },
  { name: '双凤镇', nameEn: 'Shuangfeng Town' },
  { name: '石龙镇', nameEn: 'Shilong Town' },
  { name: '太和镇', nameEn: 'Taihe Town' },
  { name: '长岭镇', nameEn: 'Changling Town' },
  { name: '金竹镇', nameEn: 'Jinzhu Town' },
  { name: '云台镇', nameEn: 'Yuntai Town' },
  { name: '桃源镇', nameEn: 'Taoyuan Town' },
  { name: '清溪镇', nameEn: 'Qingxi Town' },
  { name: '明月镇', nameEn: 'Mingyue Town' },
  { name: '盘龙镇', nameEn: 'Panlong Town' },
];

/** The street whose river bank holds the port (港口) and the port quarantine station. */
export const PORT_STREET = '港城街道';
/** The port's name on the map. */
export const PORT_NAME = '嘉江港';
export const PORT_NAME_EN = 'District J Port';
/** The river's name on the map (the district is named after it). */
export const RIVER_NAME = '嘉江';
export const RIVER_NAME_EN = 'Jia River';

/** Words for community and village names, `[zh, pinyin]`. */
export const COMMUNITY_WORDS: Array<[string, string]> = [
  ['和平', 'Heping'],
  ['幸福', 'Xingfu'],
  ['光明', 'Guangming'],
  ['向阳', 'Xiangyang'],
  ['朝阳', 'Chaoyang'],
  ['东风', 'Dongfeng'],
  ['红星', 'Hongxing'],
  ['建设', 'Jianshe'],
  ['胜利', 'Shengli'],
  ['团结', 'Tuanjie'],
  ['新华', 'Xinhua'],
  ['民主', 'Minzhu'],
  ['长安', 'Chang\u2019an'],
  ['永安', 'Yong\u2019an'],
  ['太平', 'Taiping'],
  ['兴隆', 'Xinglong'],
  ['丰收', 'Fengshou'],
  ['桂花', 'Guihua'],
  ['枫林', 'Fenglin'],
  ['松林', 'Songlin'],
  ['竹园', 'Zhuyuan'],
  ['荷塘', 'Hetang'],
  ['梨树', 'Lishu'],
  ['杨柳', 'Yangliu'],
  ['金沙', 'Jinsha'],
  ['银杏', 'Yinxing'],
  ['碧水', 'Bishui'],
  ['青山', 'Qingshan'],
  ['龙泉', 'Longquan'],
  ['凤凰', 'Fenghuang'],
  ['虎溪', 'Huxi'],
  ['马鞍', 'Ma\u2019an'],
  ['石桥', 'Shiqiao'],
  ['新村', 'Xincun'],
  ['水井', 'Shuijing'],
  ['茶园', 'Chayuan'],
  ['柑橘', 'Ganju'],
  ['花园', 'Huayuan'],
  ['滨河', 'Binhe'],
  ['码头', 'Matou'],
  ['学府', 'Xuefu'],
  ['华龙', 'Hualong'],
  ['锦绣', 'Jinxiu'],
  ['天星', 'Tianxing'],
  ['双河', 'Shuanghe'],
  ['大坪', 'Daping'],
  ['高峰', 'Gaofeng'],
  ['清泉', 'Qingquan'],
];

/** Names for fictional people: the platform's demo name lists (platform/demo/person-names.ts). */
export { GIVEN_NAMES, SURNAMES } from '../../platform/demo/person-names.ts';

/** Road-name stems for fictional street addresses. */
export const ROAD_NAMES = [
  '滨江路',
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '长江路',
  '港城大道',
  '文化路',
  '健康路',
  '新华路',
  '工业路',
  '学府路',
];

/** A neighbouring district, with the modes of transport that connect it to District J. */
export interface AdjacentDistrictSpec {
  code: string;
  name: string;
  nameEn: string;
  centroid: Point;
  /** Whether the river (shipping), a railway and roads connect it; roads always do. */
  rail: boolean;
  river: boolean;
  /** Resident population range the seeded generator draws from. */
  population: [number, number];
}

/**
 * The six neighbours. The river runs west (upstream, Shaxi) to east (downstream, Xiajiang), so only
 * those two exchange passengers by boat; the railway runs west–east and north.
 */
export const ADJACENT_DISTRICTS: AdjacentDistrictSpec[] = [
  {
    code: '500192',
    name: '沙溪区',
    nameEn: 'Shaxi District',
    centroid: [106.19, 29.46],
    rail: true,
    river: true,
    population: [780_000, 920_000],
  },
  {
    code: '500291',
    name: '青岭县',
    nameEn: 'Qingling County',
    centroid: [106.3, 29.75],
    rail: false,
    river: false,
    population: [380_000, 460_000],
  },
  {
    code: '500193',
    name: '北岸区',
    nameEn: "Bei'an District",
    centroid: [106.56, 29.8],
    rail: true,
    river: false,
    population: [900_000, 1_100_000],
  },
  {
    code: '500194',
    name: '下江区',
    nameEn: 'Xiajiang District',
    centroid: [106.82, 29.58],
    rail: true,
    river: true,
    population: [640_000, 760_000],
  },
  {
    code: '500292',
    name: '南屏县',
    nameEn: 'Nanping County',
    centroid: [106.72, 29.24],
    rail: false,
    river: false,
    population: [420_000, 520_000],
  },
  {
    code: '500293',
    name: '石桥县',
    nameEn: 'Shiqiao County',
    centroid: [106.36, 29.22],
    rail: false,
    river: false,
    population: [300_000, 380_000],
  },
];

/** A district-level agency of the mechanism. */
export interface AgencySpec {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  duties: string;
  email: string;
}

/** District-level member agencies of the joint prevention and control mechanism, with their duties. */
export const DISTRICT_AGENCIES: AgencySpec[] = [
  {
    code: 'JJ-WJW-YJB',
    kind: 'health_commission',
    name: '嘉江区卫生健康委员会应急办公室',
    nameEn: 'District J Health Commission — Emergency Office',
    email: 'yjb@districtj.example',
    duties: '承担联防联控机制办公室日常工作；组织协调疫情防控与医疗救治；汇总报送疫情信息；牵头综合组。',
  },
  {
    code: 'JJ-CDC',
    kind: 'cdc',
    name: '嘉江区疾病预防控制中心',
    nameEn: 'District J Center for Disease Control and Prevention',
    email: 'cdc@districtj.example',
    duties: '传染病监测与预警；流行病学调查与溯源；实验室检测；密切接触者判定与追踪技术指导；消杀指导；牵头防控组。',
  },
  {
    code: 'JJ-CRB',
    kind: 'hospital',
    name: '嘉江区传染病医院（定点医院）',
    nameEn: 'District J Infectious Disease Hospital (designated hospital)',
    email: 'crbyy@districtj.example',
    duties: '确诊及疑似病例集中收治与重症救治；院感防控；发热门诊；牵头医疗救治组。',
  },
  {
    code: 'JJ-GA',
    kind: 'public_security',
    name: '嘉江区公安分局',
    nameEn: 'District J Public Security Bureau',
    email: 'ga@districtj.example',
    duties: '协助流调溯源与人员查找；社会面管控与秩序维护；依法打击涉疫违法犯罪。',
  },
  {
    code: 'JJ-JT',
    kind: 'transport',
    name: '嘉江区交通运输局',
    nameEn: 'District J Transport Bureau',
    email: 'jt@districtj.example',
    duties: '公路、客运站与公共交通防控；交通检疫卡口；应急运输保障。',
  },
  {
    code: 'JJ-GKHS',
    kind: 'port_maritime',
    name: '嘉江港口与海事管理处',
    nameEn: 'District J Port and Maritime Administration',
    email: 'port@districtj.example',
    duties: '港口、码头、船舶与船员防控；与口岸检疫协同开展入境船舶检疫；水上客运管控。',
  },
  {
    code: 'JJ-SCJG',
    kind: 'market_regulation',
    name: '嘉江区市场监督管理局',
    nameEn: 'District J Market Regulation Administration',
    email: 'scjg@districtj.example',
    duties: '农贸市场、冷链食品、药店及防疫物资价格质量监管；野生动物交易查处。',
  },
  {
    code: 'JJ-JW',
    kind: 'education',
    name: '嘉江区教育委员会',
    nameEn: 'District J Education Commission',
    email: 'jw@districtj.example',
    duties: '学校与托幼机构防控；晨午检与因病缺课追踪；停课复课组织。',
  },
  {
    code: 'JJ-MZ',
    kind: 'civil_affairs',
    name: '嘉江区民政局',
    nameEn: 'District J Civil Affairs Bureau',
    email: 'mz@districtj.example',
    duties: '养老、救助与儿童福利机构防控；困难群众基本生活保障；殡葬管理。',
  },
  {
    code: 'JJ-XCB',
    kind: 'press_office',
    name: '中共嘉江区委宣传部（区政府新闻办公室）',
    nameEn: 'District J Publicity Department (Press Office)',
    email: 'news@districtj.example',
    duties: '疫情信息发布与新闻发布会；舆情监测与辟谣；健康教育宣传；牵头宣传组。',
  },
  {
    code: 'JJ-YJJ',
    kind: 'emergency_management',
    name: '嘉江区应急管理局',
    nameEn: 'District J Emergency Management Bureau',
    email: 'yjj@districtj.example',
    duties: '应急物资储备与调拨；应急救援队伍调度；综合协调；牵头物资保障组。',
  },
  {
    code: 'JJ-WGZX',
    kind: 'community_grid',
    name: '嘉江区网格化服务管理中心',
    nameEn: 'District J Grid Management Centre',
    email: 'grid@districtj.example',
    duties: '统筹全区网格员开展入户排查、重点人员登记与居家健康监测；一线工作组日常调度。',
  },
];

/** A hand-placed facility; the generator fills in its point, address and phone. */
export interface FacilitySpec {
  name: string;
  nameEn: string;
  type: FacilityType;
  /** Name of the township it stands in. */
  township: string;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  rooms: number;
}

/**
 * District-level facilities with their capacities. Fever clinics are counted apart from their
 * hospitals because they are opened and closed apart (their observation beds and single rooms are
 * their own); township health centres are generated one per township.
 */
export const FACILITIES: FacilitySpec[] = [
  {
    name: '嘉江区传染病医院',
    nameEn: 'District J Infectious Disease Hospital',
    type: 'designated_hospital',
    township: '文昌街道',
    beds: 600,
    icuBeds: 48,
    isolationRooms: 180,
    rooms: 0,
  },
  {
    name: '嘉江区人民医院',
    nameEn: "District J People's Hospital",
    type: 'general_hospital',
    township: '滨江街道',
    beds: 1200,
    icuBeds: 60,
    isolationRooms: 24,
    rooms: 0,
  },
  {
    name: '嘉江区中医院',
    nameEn: 'District J Hospital of Traditional Chinese Medicine',
    type: 'general_hospital',
    township: '江北街道',
    beds: 700,
    icuBeds: 20,
    isolationRooms: 12,
    rooms: 0,
  },
  {
    name: '嘉江区第二人民医院',
    nameEn: "District J Second People's Hospital",
    type: 'general_hospital',
    township: '白沙镇',
    beds: 500,
    icuBeds: 16,
    isolationRooms: 10,
    rooms: 0,
  },
  {
    name: '港城医院',
    nameEn: 'Gangcheng Hospital',
    type: 'general_hospital',
    township: '港城街道',
    beds: 350,
    icuBeds: 10,
    isolationRooms: 8,
    rooms: 0,
  },
  {
    name: '嘉江区传染病医院发热门诊',
    nameEn: 'Fever Clinic, Infectious Disease Hospital',
    type: 'fever_clinic',
    township: '文昌街道',
    beds: 30,
    icuBeds: 0,
    isolationRooms: 20,
    rooms: 0,
  },
  {
    name: '嘉江区人民医院发热门诊',
    nameEn: "Fever Clinic, People's Hospital",
    type: 'fever_clinic',
    township: '滨江街道',
    beds: 20,
    icuBeds: 0,
    isolationRooms: 16,
    rooms: 0,
  },
  {
    name: '嘉江区中医院发热门诊',
    nameEn: 'Fever Clinic, TCM Hospital',
    type: 'fever_clinic',
    township: '江北街道',
    beds: 10,
    icuBeds: 0,
    isolationRooms: 8,
    rooms: 0,
  },
  {
    name: '嘉江区第二人民医院发热门诊',
    nameEn: "Fever Clinic, Second People's Hospital",
    type: 'fever_clinic',
    township: '白沙镇',
    beds: 10,
    icuBeds: 0,
    isolationRooms: 8,
    rooms: 0,
  },
  {
    name: '港城医院发热门诊',
    nameEn: 'Fever Clinic, Gangcheng Hospital',
    type: 'fever_clinic',
    township: '港城街道',
    beds: 8,
    icuBeds: 0,
    isolationRooms: 6,
    rooms: 0,
  },
  {
    name: '太和镇卫生院发热诊室',
    nameEn: 'Fever Consulting Room, Taihe Health Centre',
    type: 'fever_clinic',
    township: '太和镇',
    beds: 4,
    icuBeds: 0,
    isolationRooms: 3,
    rooms: 0,
  },
  {
    name: '长岭镇卫生院发热诊室',
    nameEn: 'Fever Consulting Room, Changling Health Centre',
    type: 'fever_clinic',
    township: '长岭镇',
    beds: 4,
    icuBeds: 0,
    isolationRooms: 3,
    rooms: 0,
  },
  {
    name: '嘉江区疾控中心实验室',
    nameEn: 'District J CDC Laboratory (BSL-2)',
    type: 'cdc_laboratory',
    township: '石门街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '嘉江港口岸检疫站',
    nameEn: 'District J Port Quarantine Station',
    type: 'port_quarantine',
    township: PORT_STREET,
    beds: 6,
    icuBeds: 0,
    isolationRooms: 6,
    rooms: 0,
  },
  {
    name: '嘉江区应急物资储备库',
    nameEn: 'District J Emergency Materials Depot',
    type: 'warehouse',
    township: '龙门街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '嘉江区卫生应急物资库',
    nameEn: 'District J Health Emergency Supplies Store',
    type: 'warehouse',
    township: '石门街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '嘉江港物资中转仓',
    nameEn: 'District J Port Transit Warehouse',
    type: 'warehouse',
    township: PORT_STREET,
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '江畔酒店（集中隔离点）',
    nameEn: 'Riverside Hotel (quarantine site)',
    type: 'quarantine_hotel',
    township: '望江街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '港湾宾馆（集中隔离点）',
    nameEn: 'Harbour Inn (quarantine site)',
    type: 'quarantine_hotel',
    township: PORT_STREET,
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '文昌大酒店（集中隔离点）',
    nameEn: 'Wenchang Grand Hotel (quarantine site)',
    type: 'quarantine_hotel',
    township: '文昌街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '龙门商务酒店（集中隔离点）',
    nameEn: 'Longmen Business Hotel (quarantine site)',
    type: 'quarantine_hotel',
    township: '龙门街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '白沙度假村（集中隔离点）',
    nameEn: 'Baisha Resort (quarantine site)',
    type: 'quarantine_hotel',
    township: '白沙镇',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
  {
    name: '新桥培训中心（集中隔离点）',
    nameEn: 'Xinqiao Training Centre (quarantine site)',
    type: 'quarantine_hotel',
    township: '新桥街道',
    beds: 0,
    icuBeds: 0,
    isolationRooms: 0,
    rooms: 0,
  },
];
