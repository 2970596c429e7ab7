/**
 * The demo district's emergency plan for major infectious-disease emergencies (嘉江区突发急性传染病应急预案),
 * written for this project after the structure of Chinese district plans (DOMAIN.md §4). Fictional district,
 * realistic content; every text in Chinese with English alongside. Agencies are named by their registry codes
 * (district-j.data.ts) and resolved to ids by the seeder.
 */
import type { PlanContent } from './plans.content.ts';

type Priority = 'low' | 'normal' | 'high' | 'urgent';
const b = (zh: string, en: string) => ({ zh, en });

/** A measure with its agency given by code. */
function m(
  id: string,
  agency: string,
  deadlineHours: number,
  priority: Priority,
  title: [string, string],
  description: [string, string],
  checklist: [string, string][],
) {
  return {
    id,
    agencyId: agency,
    deadlineHours,
    priority,
    title: b(...title),
    description: b(...description),
    checklist: checklist.map((c) => b(...c)),
  };
}

/** The plan, with agency codes where ids go (see resolveAgencyCodes). */
export const DEMO_PLAN_CODE = 'JJ-YA-CRB-2026';

export const DEMO_PLAN: PlanContent = {
  title: b('嘉江区突发急性传染病应急预案', 'District J Emergency Plan for Acute Infectious Disease Emergencies'),
  general: b(
    '一、目的：有效预防、及时控制和消除突发急性传染病的危害，保障公众身体健康与生命安全，维护正常社会秩序。\n' +
      '二、依据：《中华人民共和国传染病防治法》《中华人民共和国突发事件应对法》《突发公共卫生事件应急条例》《国家突发公共卫生事件应急预案》及市级相关预案。\n' +
      '三、适用范围：本区行政区域内发生或可能发生的突发急性传染病事件（含输入性疫情、聚集性疫情和不明原因疾病）的应对工作；港口水运口岸发生的相关事件按本预案与口岸检疫有关规定协同处置。\n' +
      '四、工作原则：人民至上、生命至上；统一领导、分级负责；预防为主、常备不懈；依法规范、科学防控；快速反应、联防联控。',
    '1. Purpose: to prevent, promptly control and eliminate the harm of acute infectious disease emergencies, protect the health and lives of the public and keep social order.\n' +
      '2. Basis: the Law on the Prevention and Control of Infectious Diseases, the Emergency Response Law, the Regulations on Public Health Emergencies, the National Emergency Plan for Public Health Emergencies and the city-level plans.\n' +
      '3. Scope: acute infectious disease events (imported outbreaks, clusters and diseases of unknown cause) occurring or likely to occur in the district; events at the river port are handled under this plan together with the port quarantine rules.\n' +
      '4. Principles: people and life first; unified leadership with responsibility by level; prevention first and constant readiness; lawful and science-based control; rapid response through joint prevention and control.',
  ),
  headquarters: {
    commander: b('区人民政府区长', 'District head (head of the district government)'),
    deputies: [
      b('分管卫生健康工作的副区长（常务副指挥长）', 'Deputy district head in charge of health (executive deputy commander)'),
      b('区卫生健康委员会主任', 'Director of the District Health Commission'),
    ],
    composition: b(
      '成员单位：区卫生健康委、区疾控中心、区传染病医院、区公安分局、区交通运输局、嘉江港口与海事管理处、区市场监管局、区教委、区民政局、区委宣传部、区应急管理局、区网格化服务管理中心，以及各乡镇人民政府和街道办事处。各成员单位主要负责人为指挥部成员，并各指定1名联络员。',
      'Members: the District Health Commission, District CDC, the Infectious Disease Hospital, the Public Security Bureau, the Transport Bureau, the Port and Maritime Administration, the Market Regulation Administration, the Education Commission, the Civil Affairs Bureau, the Publicity Department, the Emergency Management Bureau, the Grid Management Centre, and every township government and subdistrict office. Each member agency’s head sits on the headquarters and names one liaison.',
    ),
    duties: b(
      '贯彻落实上级决策部署；研判疫情形势，决定启动、调整和终止应急响应；统一指挥调度全区防控、救治、保障和舆情工作；决定采取限制聚集、停课等控制措施并依法报批；向区委区政府和市级指挥部报告工作。',
      'Carries out the decisions of higher authorities; assesses the situation and decides to activate, change and end the response; commands prevention, treatment, logistics and communication across the district; decides control measures such as limits on gatherings and school closures (with the approvals the law requires); reports to the district leadership and the city headquarters.',
    ),
    office: b(
      '指挥部办公室设在区卫生健康委员会，办公室主任由区卫生健康委主任兼任。负责指挥部日常工作：信息汇总与报送、会议组织、任务督办、值班值守（响应期间24小时）。',
      'The headquarters office sits at the District Health Commission, headed by its director. It runs the daily work: collecting and reporting information, organising meetings, following up tasks and staffing the duty desk (24 hours during a response).',
    ),
    workingGroups: [
      {
        id: 'zhxt',
        name: b('综合协调组', 'General coordination group'),
        leadAgencyId: 'JJ-WJW-YJB',
        memberAgencyIds: ['JJ-YJJ', 'JJ-WGZX'],
        duties: b(
          '统筹协调各工作组；起草文件与工作简报；组织会商与联防联控会议；督办任务落实；汇总报送信息。',
          'Coordinates the groups; drafts documents and briefings; organises consultations and joint-mechanism meetings; follows up tasks; collects and reports information.',
        ),
      },
      {
        id: 'yqfk',
        name: b('疫情防控组', 'Epidemic control group'),
        leadAgencyId: 'JJ-CDC',
        memberAgencyIds: ['JJ-WJW-YJB', 'JJ-WGZX', 'JJ-GA'],
        duties: b(
          '开展监测预警、流行病学调查、溯源与密切接触者判定管理；组织实验室检测；指导疫点消毒与重点场所防控。',
          'Runs surveillance and warning, field investigation, source tracing and contact management; organises laboratory testing; guides disinfection of outbreak sites and control in key places.',
        ),
      },
      {
        id: 'ylzj',
        name: b('医疗救治组', 'Medical treatment group'),
        leadAgencyId: 'JJ-CRB',
        memberAgencyIds: ['JJ-WJW-YJB'],
        duties: b(
          '组织病例集中收治与重症救治；调配医疗力量与床位；加强发热门诊与院感防控；组织专家会诊。',
          'Organises admission of cases and treatment of severe cases; deploys staff and beds; strengthens fever clinics and infection control; convenes expert consultations.',
        ),
      },
      {
        id: 'hqbz',
        name: b('后勤保障组', 'Logistics and supplies group'),
        leadAgencyId: 'JJ-YJJ',
        memberAgencyIds: ['JJ-SCJG', 'JJ-JT'],
        duties: b(
          '做好防护用品、消杀药械、检测试剂与生活物资的储备、调拨和运输；监管物资价格与质量。',
          'Stocks, allocates and transports protective equipment, disinfectants, test kits and daily necessities; oversees their prices and quality.',
        ),
      },
      {
        id: 'xcyq',
        name: b('宣传舆情组', 'Publicity and public opinion group'),
        leadAgencyId: 'JJ-XCB',
        memberAgencyIds: ['JJ-WJW-YJB', 'JJ-CDC'],
        duties: b(
          '统一发布疫情信息；组织新闻发布；开展舆情监测、回应关切与辟谣；普及防病知识。',
          'Releases information with one voice; holds press conferences; monitors public opinion, answers concerns and rebuts rumours; spreads health advice.',
        ),
      },
      {
        id: 'shwd',
        name: b('社会稳定组', 'Social stability group'),
        leadAgencyId: 'JJ-GA',
        memberAgencyIds: ['JJ-MZ', 'JJ-WGZX'],
        duties: b(
          '维护医疗机构、隔离场所与社会面秩序；依法处置涉疫违法行为；保障困难群体基本生活。',
          'Keeps order at hospitals, quarantine sites and in public; deals with epidemic-related offences under the law; secures the basic needs of vulnerable people.',
        ),
      },
      {
        id: 'kajt',
        name: b('口岸与交通检疫组', 'Port and transport quarantine group'),
        leadAgencyId: 'JJ-GKHS',
        memberAgencyIds: ['JJ-JT', 'JJ-CDC'],
        duties: b(
          '组织港口码头、船舶船员与水上客运防控；设置交通检疫点；配合口岸卫生检疫开展入境船舶检疫与人员转运。',
          'Organises control at the port and wharves, on ships and crews and on river passenger services; sets up transport checkpoints; works with port health quarantine on ships from abroad and on transfers of people.',
        ),
      },
    ],
  },
  monitoring: b(
    '区疾控中心依托传染病网络直报系统、症状监测（发热门诊、学校因病缺课、药店销售）和预警系统开展日常监测，按病种采用固定阈值法和移动百分位数法自动预警；预警信号24小时内完成初步核实。各医疗机构发现甲类、按甲类管理的乙类传染病及不明原因聚集性病例，2小时内网络直报并电话报告区疾控中心。预警分为红、橙、黄、蓝四级，由区卫生健康委根据风险评估结果提出，经指挥部同意后发布。',
    'The District CDC monitors daily through the online direct reporting system, syndromic feeds (fever clinics, school absences, pharmacy sales) and the early-warning system, using a fixed threshold or the moving percentile method per disease; signals are verified within 24 hours. Health facilities report Class A diseases, Class B diseases managed as Class A and unexplained clusters online within 2 hours and telephone the District CDC. Warnings have four levels — red, orange, yellow and blue — proposed by the Health Commission after risk assessment and issued with the headquarters’ consent.',
  ),
  reporting: b(
    '信息报告：责任报告单位和责任疫情报告人发现突发事件后2小时内向区卫生健康委报告；区卫生健康委接报后2小时内向区政府和市卫生健康委报告，并按进程报告事件发展、控制情况，直至结案。响应期间每日17时前报送疫情日报。\n信息发布：疫情信息由指挥部授权区委宣传部会同区卫生健康委统一发布，做到及时、准确、客观；公开信息不得包含个人姓名、身份证件号码和详细住址，病例行程以场所和时间公布。',
    'Reporting: reporting units and persons report an event to the Health Commission within 2 hours; the Commission reports to the district government and the city health commission within 2 hours and then reports progress and control until closure. During a response a daily situation report is due by 17:00.\nRelease: the Publicity Department and the Health Commission release information with one voice, as authorised by the headquarters, promptly, accurately and objectively; public information never contains names, identity numbers or exact addresses, and case movements are published as places and times.',
  ),
  technicalInstitutions: [
    {
      id: 'ti-cdc',
      agencyId: 'JJ-CDC',
      name: b('区疾病预防控制中心', 'District CDC'),
      tasks: b(
        '监测预警、流行病学调查、标本采集与实验室检测、风险评估、消杀与个人防护技术指导，组建流调队伍（不少于10支，每支3人）。',
        'Surveillance and warning, field investigation, sampling and laboratory testing, risk assessment, technical guidance on disinfection and personal protection; keeps at least 10 investigation teams of 3.',
      ),
    },
    {
      id: 'ti-crb',
      agencyId: 'JJ-CRB',
      name: b('区传染病医院（定点医院）', 'Infectious Disease Hospital (designated hospital)'),
      tasks: b(
        '病例收治与重症救治，设置隔离病区，承担医疗救治专家组日常工作，指导各医疗机构预检分诊与院感防控。',
        'Admits and treats cases including severe ones, runs isolation wards and the clinical expert group, guides triage and infection control in other facilities.',
      ),
    },
    {
      id: 'ti-expert',
      agencyId: 'JJ-WJW-YJB',
      name: b('区突发公共卫生事件专家咨询委员会', 'District expert advisory committee on public health emergencies'),
      tasks: b(
        '对事件分级、响应启动与调整、防控措施和终止响应提出建议。',
        'Advises on grading, on activating, changing and ending the response, and on control measures.',
      ),
    },
  ],
  levels: {
    I: {
      criteria: b(
        '符合国家特别重大（Ⅰ级）突发公共卫生事件标准，或经市级以上指挥部认定，包括：肺鼠疫、肺炭疽在本市发生并有扩散趋势；传染性非典型肺炎、人感染高致病性禽流感病例并有扩散趋势；新发传染病或我国尚未发现的传染病发生或传入并有扩散趋势。本区在国家、市统一领导下实施Ⅰ级响应。',
        'Meets the national criteria of a particularly serious (level I) public health emergency, or is so declared by the city or a higher headquarters, e.g. pneumonic plague or pulmonary anthrax in the city with a tendency to spread; SARS or highly pathogenic avian influenza in humans with a tendency to spread; a new disease, or one not yet seen in China, occurring or imported with a tendency to spread. The district responds under the unified command of the state and the city.',
      ),
      measures: [
        m(
          'I-yjb-24h',
          'JJ-WJW-YJB',
          2,
          'urgent',
          ['指挥部实行24小时集中办公', 'Headquarters works round the clock in one place'],
          [
            '指挥部办公室全体成员集中办公，各成员单位派员进驻，实行日调度、日报告。',
            'All office staff work together with members sent by every agency; daily command meetings and reports.',
          ],
          [
            ['进驻人员名单报指挥部', 'List of seconded staff sent to headquarters'],
            ['启用应急值班电话', 'Emergency duty line opened'],
          ],
        ),
        m(
          'I-cdc-full',
          'JJ-CDC',
          6,
          'urgent',
          ['全员投入流调溯源与大规模检测', 'All staff to investigation and mass testing'],
          [
            '全部流调队伍投入；按指挥部部署组织重点区域人群核酸或抗原检测。',
            'All investigation teams deployed; testing of populations in key areas as the headquarters decides.',
          ],
          [
            ['流调队伍全部到位', 'All teams deployed'],
            ['检测方案报指挥部', 'Testing plan to headquarters'],
          ],
        ),
        m(
          'I-crb-beds',
          'JJ-CRB',
          12,
          'urgent',
          ['启用全部隔离病区与后备床位', 'Open every isolation ward and reserve bed'],
          [
            '定点医院腾空病区，启用后备医院，重症病例集中救治。',
            'Clear wards at the designated hospital, open the reserve hospital, concentrate severe cases.',
          ],
          [
            ['腾空病区', 'Wards cleared'],
            ['后备医院启用', 'Reserve hospital open'],
          ],
        ),
        m(
          'I-ga-control',
          'JJ-GA',
          6,
          'urgent',
          ['实施区域管控与交通管制', 'Enforce area controls and traffic restrictions'],
          [
            '按指挥部决定对封控区域实施管控，维护社会秩序。',
            'Enforce the controlled areas decided by the headquarters and keep public order.',
          ],
          [
            ['卡点警力到位', 'Checkpoints manned'],
            ['治安巡逻加密', 'Patrols stepped up'],
          ],
        ),
        m(
          'I-jt-traffic',
          'JJ-JT',
          12,
          'high',
          ['暂停或限制区内公共客运', 'Suspend or restrict public passenger transport'],
          [
            '按指挥部决定调整公交、客运班线，保障应急运输通道畅通。',
            'Adjust buses and coach lines as decided; keep emergency transport routes open.',
          ],
          [
            ['停运线路公告', 'Notice of suspended lines'],
            ['应急运输车辆待命', 'Emergency vehicles on standby'],
          ],
        ),
        m(
          'I-gkhs-port',
          'JJ-GKHS',
          6,
          'urgent',
          ['港口码头实施最高等级防控', 'Highest level of control at the port'],
          [
            '暂停水上客运；入境船舶一律锚地检疫；船员原则上不下船。',
            'Suspend river passenger services; quarantine every ship from abroad at anchorage; crews stay on board.',
          ],
          [
            ['水上客运暂停', 'Passenger services suspended'],
            ['锚地检疫安排', 'Anchorage quarantine arranged'],
          ],
        ),
        m(
          'I-jw-close',
          'JJ-JW',
          24,
          'high',
          ['学校与托幼机构停课', 'Close schools and kindergartens'],
          ['按指挥部决定停课，组织线上教学，做好留校学生管理。', 'Close as decided, organise online teaching and care for boarders.'],
          [
            ['停课通知', 'Closure notice'],
            ['线上教学安排', 'Online teaching arranged'],
          ],
        ),
        m(
          'I-scjg-market',
          'JJ-SCJG',
          24,
          'high',
          ['关闭或限流农贸市场，稳定物价', 'Close or limit markets; keep prices stable'],
          ['加强冷链食品与防疫物资价格质量监管，查处哄抬物价。', 'Oversee cold-chain food and supplies; act against price gouging.'],
          [
            ['市场检查', 'Market inspections'],
            ['价格监测日报', 'Daily price report'],
          ],
        ),
        m(
          'I-yjj-supplies',
          'JJ-YJJ',
          12,
          'urgent',
          ['全面调拨应急物资', 'Release all emergency stockpiles'],
          ['启用全部储备，向市级申请调拨，保障一线需求。', 'Release all reserves and request more from the city.'],
          [
            ['物资缺口清单', 'List of shortfalls'],
            ['调拨申请', 'Allocation request'],
          ],
        ),
        m(
          'I-mz-care',
          'JJ-MZ',
          24,
          'high',
          ['养老与福利机构封闭管理', 'Closed management of care homes'],
          [
            '养老机构、儿童福利机构实行封闭管理，保障困难群众基本生活。',
            'Care homes and children’s homes closed to visitors; basic needs of vulnerable people met.',
          ],
          [
            ['机构封闭管理', 'Homes closed to visitors'],
            ['困难群众摸排', 'Vulnerable people identified'],
          ],
        ),
        m(
          'I-xcb-press',
          'JJ-XCB',
          12,
          'urgent',
          ['每日新闻发布', 'Daily press conference'],
          ['建立每日新闻发布机制，24小时舆情监测。', 'Daily press conferences; round-the-clock monitoring of public opinion.'],
          [
            ['首场发布会', 'First press conference'],
            ['舆情日报', 'Daily opinion report'],
          ],
        ),
        m(
          'I-wgzx-screen',
          'JJ-WGZX',
          24,
          'urgent',
          ['全域网格排查', 'District-wide screening by grid workers'],
          [
            '组织网格员入户排查，重点人员登记和居家健康监测全覆盖。',
            'Grid workers visit every household; register key persons and monitor them at home.',
          ],
          [
            ['排查进度日报', 'Daily screening progress'],
            ['重点人员台账', 'Register of key persons'],
          ],
        ),
      ],
    },
    II: {
      criteria: b(
        '符合重大（Ⅱ级）标准，包括：本区一个平均潜伏期内发生5例以上肺鼠疫、肺炭疽病例，或相关联的疫情波及2个以上区县；发生传染性非典型肺炎、人感染高致病性禽流感疑似病例；霍乱1周内发病30例以上；乙类、丙类传染病波及2个以上区县，1周内发病水平超过前5年同期平均水平2倍以上；发生群体性不明原因疾病并扩散到其他区县。',
        'Meets the serious (level II) criteria, e.g. 5 or more cases of pneumonic plague or pulmonary anthrax within one mean incubation period, or linked cases in two or more districts; a suspected case of SARS or highly pathogenic avian influenza in humans; 30 or more cholera cases in a week; a Class B or C disease spreading to two or more districts with weekly incidence over twice the mean of the same weeks of the past five years; an unexplained cluster spreading to other districts.',
      ),
      measures: [
        m(
          'II-yjb-command',
          'JJ-WJW-YJB',
          2,
          'urgent',
          ['指挥部集中办公并报告市级', 'Headquarters convenes; report to the city'],
          [
            '召开指挥部会议，2小时内向市指挥部报告，请求技术支援。',
            'Convene the headquarters; report to the city within 2 hours and request technical support.',
          ],
          [
            ['指挥部会议纪要', 'Minutes of the meeting'],
            ['报告市级', 'Report to the city'],
          ],
        ),
        m(
          'II-cdc-investigate',
          'JJ-CDC',
          6,
          'urgent',
          ['扩大流调与检测范围', 'Widen investigation and testing'],
          [
            '对病例活动范围开展流调，扩大密接、次密接判定与检测。',
            'Investigate where cases went; widen the definition and testing of contacts and contacts of contacts.',
          ],
          [
            ['流调报告', 'Investigation report'],
            ['密接名单推送', 'Contact lists sent out'],
          ],
        ),
        m(
          'II-crb-treat',
          'JJ-CRB',
          12,
          'urgent',
          ['扩充收治能力', 'Expand treatment capacity'],
          ['启用后备病区，组建重症救治团队。', 'Open reserve wards and form a critical-care team.'],
          [
            ['后备病区启用', 'Reserve wards open'],
            ['重症团队名单', 'Critical-care team list'],
          ],
        ),
        m(
          'II-ga-trace',
          'JJ-GA',
          12,
          'urgent',
          ['协助流调溯源与重点人员管控', 'Help trace sources and control key persons'],
          [
            '运用信息化手段协助查找密接人员，配合落实隔离管控，维护隔离点秩序。',
            'Help find contacts with data tools, enforce quarantine and keep order at quarantine sites.',
          ],
          [
            ['协查名单反馈', 'Trace results returned'],
            ['隔离点警力安排', 'Police at quarantine sites'],
          ],
        ),
        m(
          'II-gkhs-ships',
          'JJ-GKHS',
          12,
          'high',
          ['加强船舶与船员检疫', 'Tighten checks on ships and crews'],
          [
            '入境及来自疫区船舶登轮检疫，船员健康申报，限制上下船。',
            'Board ships from abroad or affected areas; crew health declarations; limit crew movements.',
          ],
          [['船舶检疫台账', 'Ship inspection log']],
        ),
        m(
          'II-jt-check',
          'JJ-JT',
          24,
          'high',
          ['设置交通检疫点', 'Set up transport checkpoints'],
          [
            '在主要出入口与客运站设置检疫点，落实体温检测与查验。',
            'Checkpoints at main entry roads and bus stations: temperature checks and document checks.',
          ],
          [['检疫点设置', 'Checkpoints set up']],
        ),
        m(
          'II-jw-schools',
          'JJ-JW',
          24,
          'high',
          ['学校暂停集体活动并加强晨午检', 'Suspend school gatherings; twice-daily checks'],
          ['暂停大型集体活动，发生病例的学校按指挥部决定停课。', 'Suspend large gatherings; close schools with cases as decided.'],
          [['因病缺课日报', 'Daily absence report']],
        ),
        m(
          'II-scjg-market',
          'JJ-SCJG',
          24,
          'high',
          ['市场与药店监管', 'Oversee markets and pharmacies'],
          ['加强农贸市场消毒和药店退热药销售登记。', 'Disinfection at markets; registration of fever-medicine buyers at pharmacies.'],
          [['检查记录', 'Inspection records']],
        ),
        m(
          'II-yjj-supplies',
          'JJ-YJJ',
          24,
          'high',
          ['调拨应急物资', 'Release emergency supplies'],
          ['按需调拨防护用品和消杀药械。', 'Release protective equipment and disinfectants as needed.'],
          [['调拨清单', 'Allocation list']],
        ),
        m(
          'II-xcb-release',
          'JJ-XCB',
          12,
          'urgent',
          ['发布疫情信息与防护提示', 'Release information and advice'],
          ['召开新闻发布会，回应社会关切。', 'Hold a press conference and answer public concerns.'],
          [['发布稿审签', 'Statement approved']],
        ),
        m(
          'II-wgzx-screen',
          'JJ-WGZX',
          24,
          'high',
          ['重点区域网格排查', 'Screening in key areas'],
          [
            '对病例所在乡镇开展入户排查与重点人员居家健康监测。',
            'Household screening and home monitoring of key persons in affected townships.',
          ],
          [['排查进度', 'Screening progress']],
        ),
      ],
    },
    III: {
      criteria: b(
        '符合较大（Ⅲ级）标准，包括：本区一个平均潜伏期内发生肺鼠疫、肺炭疽病例，数量未超过5例；霍乱1周内发病10—29例；乙类、丙类传染病1周内发病水平超过前5年同期平均水平1倍以上；同一乡镇（街道）1周内发生3起以上学校或托幼机构聚集性疫情，或出现重症、死亡病例并有扩散趋势；在本区发现群体性不明原因疾病。',
        'Meets the larger (level III) criteria, e.g. up to 5 cases of pneumonic plague or pulmonary anthrax within one mean incubation period; 10–29 cholera cases in a week; a Class B or C disease with weekly incidence more than double the mean of the same weeks of the past five years; 3 or more school or kindergarten clusters in one township in a week, or severe or fatal cases with a tendency to spread; an unexplained cluster in the district.',
      ),
      measures: [
        m(
          'III-yjb-convene',
          'JJ-WJW-YJB',
          2,
          'urgent',
          ['召开指挥部会议，部署响应', 'Convene the headquarters and deploy the response'],
          [
            '指挥部办公室组织会商，明确各组分工，启动每日调度。',
            'The office convenes a consultation, assigns the groups and starts daily command meetings.',
          ],
          [
            ['会商纪要', 'Minutes'],
            ['各组联络员名单', 'Liaisons of every group'],
          ],
        ),
        m(
          'III-cdc-investigate',
          'JJ-CDC',
          6,
          'urgent',
          ['开展现场流行病学调查与采样检测', 'Field investigation, sampling and testing'],
          [
            '2小时内派出流调队伍，24小时内完成初步流调报告，判定密切接触者。',
            'Send a team within 2 hours; preliminary investigation report within 24 hours; identify contacts.',
          ],
          [
            ['流调队伍到达现场', 'Team on site'],
            ['采样送检', 'Samples sent to the laboratory'],
            ['初步流调报告', 'Preliminary report'],
          ],
        ),
        m(
          'III-cdc-disinfect',
          'JJ-CDC',
          24,
          'high',
          ['指导疫点终末消毒', 'Guide terminal disinfection of outbreak sites'],
          [
            '对病例家庭、班级和公共区域开展消毒并评估效果。',
            'Disinfect case households, classrooms and shared spaces and check the effect.',
          ],
          [
            ['消毒记录', 'Disinfection records'],
            ['效果评价', 'Effect assessed'],
          ],
        ),
        m(
          'III-crb-admit',
          'JJ-CRB',
          12,
          'high',
          ['做好病例收治与重症救治准备', 'Prepare admission and severe-case treatment'],
          ['预留隔离床位，发热门诊与儿科门诊加强预检分诊。', 'Reserve isolation beds; strengthen triage at fever and paediatric clinics.'],
          [
            ['预留床位数上报', 'Reserved beds reported'],
            ['专家组待命', 'Clinical experts on call'],
          ],
        ),
        m(
          'III-ga-trace',
          'JJ-GA',
          24,
          'high',
          ['协助流调溯源与重点人员管控', 'Help trace sources and control key persons'],
          [
            '配合疾控中心查找病例及密切接触者，协助落实居家隔离与健康监测，依法处置拒不配合者。',
            'Help the CDC find cases and contacts, support home quarantine and monitoring, and deal lawfully with refusals.',
          ],
          [
            ['接收协查名单', 'Trace list received'],
            ['反馈查找结果', 'Results returned'],
            ['隔离点秩序检查', 'Order at quarantine sites checked'],
          ],
        ),
        m(
          'III-jw-schools',
          'JJ-JW',
          12,
          'high',
          ['学校与托幼机构强化防控', 'Strengthen control in schools and kindergartens'],
          [
            '落实晨午检、因病缺课追踪和教室通风消毒；发生聚集性疫情的班级按规定停课。',
            'Twice-daily health checks, follow-up of sick absences, ventilation and disinfection; close affected classes as the rules require.',
          ],
          [
            ['晨午检落实', 'Health checks done'],
            ['停课班级名单', 'Closed classes listed'],
            ['家长告知书', 'Letter to parents'],
          ],
        ),
        m(
          'III-scjg-inspect',
          'JJ-SCJG',
          48,
          'normal',
          ['市场与药店监督检查', 'Inspect markets and pharmacies'],
          [
            '检查农贸市场环境卫生，药店退热、止泻药品销售登记，防疫用品价格监测。',
            'Check hygiene at markets, registration of fever and diarrhoea medicine sales, prices of supplies.',
          ],
          [
            ['检查记录', 'Inspection records'],
            ['价格监测', 'Price monitoring'],
          ],
        ),
        m(
          'III-jt-stations',
          'JJ-JT',
          48,
          'normal',
          ['客运场站与公共交通消毒通风', 'Disinfect and ventilate stations and buses'],
          ['客运站、公交车辆每日消毒，张贴防护提示。', 'Daily disinfection of stations and buses; advice posted.'],
          [['消毒台账', 'Disinfection log']],
        ),
        m(
          'III-gkhs-port',
          'JJ-GKHS',
          24,
          'normal',
          ['港口码头健康监测', 'Health monitoring at the port'],
          [
            '对码头作业人员与船员开展健康监测，发现发热等症状者及时报告。',
            'Monitor dock workers and crews; report anyone with fever or other symptoms.',
          ],
          [['健康监测台账', 'Monitoring log']],
        ),
        m(
          'III-yjj-stock',
          'JJ-YJJ',
          24,
          'normal',
          ['核查并调拨应急物资', 'Check and release emergency supplies'],
          [
            '核查储备，按防控组需求调拨消杀用品和防护物资。',
            'Check reserves and release disinfectants and protective equipment as the control group asks.',
          ],
          [
            ['库存核查', 'Stock checked'],
            ['调拨记录', 'Allocation record'],
          ],
        ),
        m(
          'III-mz-homes',
          'JJ-MZ',
          48,
          'normal',
          ['养老与儿童福利机构防控', 'Control in care homes and children’s homes'],
          ['加强探视管理和健康监测。', 'Control visits and monitor residents’ health.'],
          [['机构自查', 'Self-inspection done']],
        ),
        m(
          'III-xcb-inform',
          'JJ-XCB',
          24,
          'high',
          ['发布防控信息并监测舆情', 'Release information and monitor opinion'],
          ['发布防病提示，监测网络舆情，及时回应关切。', 'Publish health advice, monitor online opinion and respond promptly.'],
          [
            ['防病提示发布', 'Advice published'],
            ['舆情日报', 'Daily opinion report'],
          ],
        ),
        m(
          'III-wgzx-grid',
          'JJ-WGZX',
          24,
          'high',
          ['疫点所在社区网格排查', 'Grid screening around the outbreak'],
          [
            '组织网格员对疫点周边开展入户排查和健康宣教，登记有症状儿童。',
            'Grid workers visit households around the site, give health advice and register children with symptoms.',
          ],
          [
            ['排查户数', 'Households visited'],
            ['有症状人员登记', 'Symptomatic people registered'],
          ],
        ),
      ],
    },
    IV: {
      criteria: b(
        '符合一般（Ⅳ级）标准，包括：腺鼠疫在本区一个平均潜伏期内病例数未超过10例；霍乱1周内发病9例以下；学校、托幼机构等集体单位发生聚集性疫情（如1周内同一班级5例以上手足口病）；其他经区卫生健康委认定的一般突发公共卫生事件。',
        'Meets the general (level IV) criteria, e.g. up to 10 cases of bubonic plague within one mean incubation period; up to 9 cholera cases in a week; a cluster in a school, kindergarten or other institution (such as 5 or more HFMD cases in one class in a week); other general public health emergencies so declared by the Health Commission.',
      ),
      measures: [
        m(
          'IV-yjb-assess',
          'JJ-WJW-YJB',
          6,
          'high',
          ['组织风险评估并报告', 'Assess the risk and report'],
          [
            '组织专家研判，向区政府和市卫生健康委报告。',
            'Convene experts and report to the district government and the city health commission.',
          ],
          [['风险评估报告', 'Risk assessment report']],
        ),
        m(
          'IV-cdc-investigate',
          'JJ-CDC',
          12,
          'high',
          ['现场调查与处置', 'Field investigation and control'],
          ['开展流调、采样和消毒指导，追踪密切接触者。', 'Investigate, sample, guide disinfection and follow contacts.'],
          [
            ['流调报告', 'Investigation report'],
            ['采样检测', 'Samples tested'],
          ],
        ),
        m(
          'IV-crb-clinic',
          'JJ-CRB',
          24,
          'normal',
          ['加强预检分诊与病例报告', 'Strengthen triage and case reporting'],
          ['门急诊加强预检分诊，规范报告病例。', 'Triage at outpatient and emergency departments; report cases correctly.'],
          [['预检分诊检查', 'Triage checked']],
        ),
        m(
          'IV-jw-checks',
          'JJ-JW',
          24,
          'normal',
          ['涉事学校晨午检与消毒', 'Health checks and disinfection at the school concerned'],
          ['落实晨午检和因病缺课追踪，教室通风消毒。', 'Twice-daily checks, follow-up of sick absences, ventilation and disinfection.'],
          [['晨午检记录', 'Check records']],
        ),
        m(
          'IV-wgzx-advice',
          'JJ-WGZX',
          48,
          'low',
          ['社区健康宣教', 'Health advice in the community'],
          ['网格员向疫点周边居民发放防病提示。', 'Grid workers hand out health advice around the site.'],
          [['宣教记录', 'Advice given']],
        ),
      ],
    },
  },
  fieldControl: b(
    '疫点和疫区划定：以病例活动范围划定疫点，必要时报区政府划定疫区。现场措施包括：病例隔离治疗、密切接触者医学观察（自最后一次接触起算观察期）、疫点终末消毒、重点场所通风消毒、限制或停止集市和集会等人群聚集活动、学校和托幼机构停课（按规定报批）。手足口病等肠道传染病：加强手卫生与物表消毒，班级出现2例以上病例时停课10天。',
    'Outbreak sites and areas: sites are drawn around where cases went; the district government declares an outbreak area when needed. Measures: isolation and treatment of cases; medical observation of contacts (counted from the last exposure); terminal disinfection of sites; ventilation and disinfection of key places; limits on or suspension of markets and gatherings; closure of schools and kindergartens (with the approvals required). For enteric diseases such as HFMD: hand hygiene and surface disinfection; a class with 2 or more cases closes for 10 days.',
  ),
  materials: {
    text: b(
      '区应急管理局会同区卫生健康委、区市场监管局建立实物储备与产能储备相结合的应急物资保障机制，储备量满足全区30天满负荷运转需求；物资调拨由后勤保障组根据指挥部指令统一实施，每月盘点，过期轮换。',
      'The Emergency Management Bureau, with the Health Commission and the Market Regulation Administration, keeps physical stocks and production reserves sufficient for 30 days at full load; the logistics group allocates them on the headquarters’ orders; stocks are counted monthly and rotated before expiry.',
    ),
    stockpiles: [
      {
        id: 'sp-n95',
        item: b('医用防护口罩（N95）', 'Medical respirators (N95)'),
        quantity: 50000,
        unit: b('只', 'pieces'),
        holderAgencyId: 'JJ-YJJ',
      },
      { id: 'sp-mask', item: b('医用外科口罩', 'Surgical masks'), quantity: 300000, unit: b('只', 'pieces'), holderAgencyId: 'JJ-YJJ' },
      { id: 'sp-suit', item: b('医用防护服', 'Protective coveralls'), quantity: 8000, unit: b('套', 'sets'), holderAgencyId: 'JJ-YJJ' },
      {
        id: 'sp-disinfect',
        item: b('含氯消毒剂', 'Chlorine disinfectant'),
        quantity: 20,
        unit: b('吨', 'tonnes'),
        holderAgencyId: 'JJ-CDC',
      },
      {
        id: 'sp-kits',
        item: b('核酸检测试剂', 'Nucleic acid test kits'),
        quantity: 100000,
        unit: b('人份', 'tests'),
        holderAgencyId: 'JJ-CDC',
      },
      {
        id: 'sp-beds',
        item: b('负压救护车', 'Negative-pressure ambulances'),
        quantity: 4,
        unit: b('辆', 'vehicles'),
        holderAgencyId: 'JJ-CRB',
      },
    ],
  },
  training: b(
    '区卫生健康委每年组织应急队伍培训不少于2次，流调、采样、消杀和个人防护全员轮训；指挥部每年组织1次综合演练（含港口场景），每半年组织1次桌面推演；演练后30日内完成评估并修订本预案。本预案每3年至少修订一次，或在法律法规、机构职责和实际情况发生重大变化后及时修订。',
    'The Health Commission trains emergency teams at least twice a year, with everyone rotated through investigation, sampling, disinfection and personal protection; the headquarters holds a full exercise every year (including a port scenario) and a tabletop exercise every six months; each exercise is evaluated and the plan revised within 30 days. The plan is revised at least every three years, or promptly when laws, agency duties or circumstances change materially.',
  ),
};

/** The demo plan with agency codes replaced by ids; unknown codes are an error of the seed, thrown loudly. */
export function resolveAgencyCodes(content: PlanContent, idOf: (code: string) => string | undefined): PlanContent {
  const id = (code: string) => {
    const found = idOf(code);
    if (!found) throw new Error(`demo plan: no agency with code ${code}`);
    return found;
  };
  const levels = Object.fromEntries(
    Object.entries(content.levels).map(([k, l]) => [k, { ...l, measures: l.measures.map((x) => ({ ...x, agencyId: id(x.agencyId) })) }]),
  ) as PlanContent['levels'];
  return {
    ...content,
    headquarters: {
      ...content.headquarters,
      workingGroups: content.headquarters.workingGroups.map((g) => ({
        ...g,
        leadAgencyId: g.leadAgencyId ? id(g.leadAgencyId) : null,
        memberAgencyIds: g.memberAgencyIds.map(id),
      })),
    },
    technicalInstitutions: content.technicalInstitutions.map((t) => ({ ...t, agencyId: t.agencyId ? id(t.agencyId) : null })),
    levels,
    materials: {
      ...content.materials,
      stockpiles: content.materials.stockpiles.map((s) => ({ ...s, holderAgencyId: s.holderAgencyId ? id(s.holderAgencyId) : null })),
    },
  };
}
