/**
 * Rights and roles (DOMAIN.md §1). A right is one fine-grained permission; a role is a named set of rights.
 * A user holds roles within a jurisdiction subtree, so "may do X here" = some role granting X is held at a
 * jurisdiction whose subtree contains here (see scope.ts).
 *
 * Later modules add their rights here and grant them to the roles that need them.
 *
 * @example
 * ROLES.epidemiologist.rights.includes('alerts.verify'); // true
 */

/** Every right the application checks, with a short label for the admin UI. */
export const RIGHTS = {
  'users.manage': { name: '管理用户与角色', nameEn: 'Manage users and roles' },
  'audit.read': { name: '查看审计日志', nameEn: 'Read the audit log' },
  'registry.read': { name: '查看基础信息（辖区、机构、设施）', nameEn: 'Read the registry (jurisdictions, agencies, facilities)' },
  'registry.manage': { name: '维护基础信息', nameEn: 'Manage the registry' },
  'cases.report': { name: '报告病例', nameEn: 'Report cases' },
  'cases.read': { name: '查看病例', nameEn: 'Read cases' },
  'cases.review': { name: '审核病例', nameEn: 'Review cases' },
  'cases.identity': { name: '查看完整身份证件号码', nameEn: 'View full identity numbers' },
  'cases.import': { name: '批量导入病例', nameEn: 'Import case line lists' },
  'diseases.manage': { name: '维护病种目录', nameEn: 'Manage the disease catalogue' },
  'feeds.read': { name: '查看症状监测数据', nameEn: 'Read syndromic feeds' },
  'feeds.report': { name: '报告症状监测数据', nameEn: 'Report syndromic feed counts' },
  'occupancy.report': { name: '报告床位占用', nameEn: 'Report bed occupancy' },
  'signals.read': { name: '查看预警信号', nameEn: 'Read detection signals' },
  'detection.configure': { name: '配置预警方法', nameEn: 'Configure detection methods' },
  'alerts.read': { name: '查看预警', nameEn: 'Read alerts' },
  'alerts.verify': { name: '核实与处置预警', nameEn: 'Verify and handle alerts' },
  'alerts.comment': { name: '评论预警（补充本地情况）', nameEn: 'Comment on alerts (add local knowledge)' },
  'events.report': { name: '报告突发事件线索（事件监测）', nameEn: 'Report local events (event-based surveillance)' },
  'alerts.supervise': { name: '督办预警（超时上报对象）', nameEn: 'Supervise alerts (told when a deadline is missed)' },
  'notifications.manage': { name: '配置通知渠道', nameEn: 'Manage notification channels' },
  'incidents.read': { name: '查看事件', nameEn: 'Read incidents' },
  'incidents.command': { name: '指挥事件响应', nameEn: 'Command incident response' },
  'response.level': { name: '启动或调整响应级别', nameEn: 'Activate or change the response level' },
  'plans.read': { name: '查看应急预案', nameEn: 'Read emergency plans' },
  'plans.manage': { name: '编制应急预案', nameEn: 'Edit emergency plans' },
  'plans.approve': { name: '审批应急预案', nameEn: 'Approve emergency plans' },
  'meetings.manage': { name: '组织联防联控会议', nameEn: 'Run joint prevention and control meetings' },
  'reports.read': { name: '查看疫情日报', nameEn: 'Read situation reports' },
  'reports.draft': { name: '编写疫情日报', nameEn: 'Draft situation reports' },
  'reports.approve': { name: '审核疫情日报', nameEn: 'Approve situation reports' },
  'tasks.assign': { name: '分派任务', nameEn: 'Assign tasks' },
  'tasks.read': { name: '查看任务', nameEn: 'Read tasks' },
  'tasks.update': { name: '更新任务', nameEn: 'Update tasks' },
  'contacts.read': { name: '查看密切接触者与随访', nameEn: 'Read contacts and follow-up' },
  'contacts.write': { name: '登记密切接触者与随访', nameEn: 'Register contacts and record follow-up' },
  'resources.manage': { name: '管理物资与资源', nameEn: 'Manage supplies and resources' },
  'bulletins.read': {
    name: '查看信息发布（含草稿）、风险区域与谣言登记',
    nameEn: 'Read bulletins (drafts too), risk areas and the rumour register',
  },
  'bulletins.draft': {
    name: '起草与发布信息（经审核后）、登记谣言',
    nameEn: 'Draft bulletins, publish approved ones, keep the rumour register',
  },
  'bulletins.approve': { name: '审核批准或撤回发布信息', nameEn: 'Approve or withdraw bulletins' },
  'assessment.manage': { name: '开展评估', nameEn: 'Run assessments' },
  'counselling.read': { name: '查看心理援助记录', nameEn: 'Read counselling records' },
  'counselling.write': { name: '记录心理援助', nameEn: 'Record counselling' },
  'models.run': { name: '运行模型与预测', nameEn: 'Run models and forecasts' },
  'dashboard.read': { name: '查看态势总览', nameEn: 'Read the situation dashboard' },
  'travel.read': { name: '查看航次、班次与舱单', nameEn: 'Read voyages, trips and manifests' },
  'travel.manage': { name: '管理航次、舱单与暴露人群', nameEn: 'Manage voyages, manifests and exposure cohorts' },
  'contacts.configure': { name: '配置密接风险规则与随访小组', nameEn: 'Configure contact risk rules and tracing teams' },
  'quarantine.read': { name: '查看隔离安置（隔离点与隔离人员）', nameEn: 'Read quarantine (sites and people in quarantine)' },
  'quarantine.write': { name: '安排、转移与解除隔离', nameEn: 'Place, transfer and release people in quarantine' },
  'quarantine.sites': { name: '管理隔离点房间', nameEn: 'Manage quarantine sites’ rooms' },
  'counselling.lead': {
    name: '心理援助队负责人（设置、紧急访问审查、高风险通知）',
    nameEn: 'Lead the psychological-assistance team (settings, break-glass review, risk notices)',
  },
  'counselling.break_glass': {
    name: '紧急访问心理援助记录（须说明理由，限时，事后审查）',
    nameEn: 'Break-glass access to a counselling record (reason required, time-limited, reviewed)',
  },
  'assessment.read': { name: '查看评估（7-1-7、指标、复盘、经验库）', nameEn: 'Read assessments (7-1-7, indicators, reviews, lessons)' },
  'assessment.approve': { name: '审批复盘报告与能力自评', nameEn: 'Approve reviews and self-assessments' },
  'stock.read': { name: '查看物资库存与申请', nameEn: 'Read stock and material requests' },
  'stock.request': { name: '提交物资申请', nameEn: 'Request materials' },
  'stock.approve': { name: '审批物资申请', nameEn: 'Approve material requests' },
  'counselling.referrals': {
    name: '答复转至本机构的心理转介（仅见转介所需信息）',
    nameEn: 'Answer psychological referrals to your facility (sees only what the referral needs)',
  },
  'training.read': { name: '查看培训记录、证书与准备度', nameEn: 'Read training records, certificates and readiness' },
  'training.manage': { name: '管理培训课程、班次、考勤与证书', nameEn: 'Manage training courses, sessions, attendance and certificates' },
  'education.read': { name: '查看健康教育材料与宣传活动', nameEn: 'Read public education materials and campaigns' },
  'education.manage': {
    name: '编写与发布健康教育材料（不能发布本人编写的）、开展宣传活动',
    nameEn: 'Write and publish education materials (never one’s own), run campaigns',
  },
  'volunteers.read': { name: '查看志愿者名册（联系方式与证件号码遮蔽）', nameEn: 'Read the volunteer registry (phone and ID masked)' },
  'volunteers.manage': { name: '登记志愿者、分派任务、登记服务时长', nameEn: 'Register volunteers, assign them to tasks, log hours' },
  'volunteers.vet': { name: '审核志愿者（不能审核本人登记的）', nameEn: 'Vet volunteers (never one’s own registrations)' },
  'volunteers.personal': {
    name: '查看志愿者完整联系方式与证件号码（留痕）',
    nameEn: 'View volunteers’ full phone and ID numbers (audited)',
  },
  'volunteers.self': { name: '志愿者本人：查看本人任务、签到签退', nameEn: 'Volunteer: own assignments, check-in and check-out' },
  'neighbours.read': {
    name: '查看邻区联防联控链接与投递状态',
    nameEn: 'Read the links with neighbouring districts and their delivery state',
  },
  'neighbours.manage': {
    name: '建立、批准、暂停与撤销邻区链接及共享协议',
    nameEn: 'Link, approve, suspend and revoke neighbouring districts; set agreements',
  },
  'neighbours.share': { name: '向邻区通报病例', nameEn: 'Notify neighbouring districts of cases' },
  'neighbours.inbox': { name: '预览、接收或拒收邻区通报', nameEn: "Preview, accept or reject neighbours' notifications" },
  'exercises.read': { name: '查看应急演练（情景、脚本、评分）', nameEn: 'Read exercises (scenario, MSEL, scorecard)' },
  'exercises.manage': { name: '策划与导调应急演练', nameEn: 'Plan and control exercises' },
} as const;

export type Right = keyof typeof RIGHTS;

/** A role's definition: labels and rights. */
export interface RoleDefinition {
  name: string;
  nameEn: string;
  rights: readonly Right[];
  /**
   * Rights of `rights` this role grants only over the records the user's own facility filed (users.facility_id):
   * a hospital reporter sees and corrects its hospital's case reports, not the district's. Read through
   * `facilityScopeFor` (scope.ts); a user of such a role bound to no facility gets none of these rights.
   */
  facilityBound?: readonly Right[];
}

const READ_COMMON = ['dashboard.read', 'registry.read'] as const satisfies readonly Right[];

/** The roles of DOMAIN.md §1. Ids are stable (stored in user_roles.role); labels may change. */
export const ROLES = {
  system_admin: {
    name: '系统管理员',
    nameEn: 'System administrator',
    rights: [
      ...READ_COMMON,
      'users.manage',
      'audit.read',
      'registry.manage',
      'diseases.manage',
      'notifications.manage',
      'neighbours.read',
      'neighbours.manage',
    ],
  },
  epidemiologist: {
    name: '流行病学/监测人员',
    nameEn: 'Epidemiologist (surveillance officer)',
    rights: [
      ...READ_COMMON,
      'cases.read',
      'cases.review',
      'cases.identity',
      'cases.import',
      'cases.report',
      'diseases.manage',
      'feeds.read',
      'feeds.report',
      'signals.read',
      'detection.configure',
      'alerts.read',
      'alerts.verify',
      'alerts.comment',
      'events.report',
      'incidents.read',
      'plans.read',
      'reports.read',
      'reports.draft',
      'tasks.read',
      'contacts.read',
      'contacts.write',
      'models.run',
      'assessment.manage',
      'travel.read',
      'travel.manage',
      'contacts.configure',
      'quarantine.read',
      'quarantine.write',
      'quarantine.sites',
      'counselling.break_glass',
      'assessment.read',
      'stock.read',
      'training.read',
      'neighbours.read',
      'neighbours.share',
      'neighbours.inbox',
      'exercises.read',
    ],
  },
  commander: {
    name: '应急指挥',
    nameEn: 'Commander (incident lead)',
    rights: [
      ...READ_COMMON,
      'cases.read',
      'feeds.read',
      'signals.read',
      'alerts.read',
      'alerts.verify',
      'alerts.comment',
      'alerts.supervise',
      'incidents.read',
      'incidents.command',
      'contacts.read',
      'response.level',
      'plans.read',
      'plans.manage',
      'plans.approve',
      'meetings.manage',
      'reports.read',
      'reports.draft',
      'reports.approve',
      'tasks.read',
      'tasks.update',
      'tasks.assign',
      'resources.manage',
      'bulletins.read',
      'bulletins.approve',
      'models.run',
      'assessment.manage',
      'audit.read',
      'travel.read',
      'quarantine.read',
      'counselling.break_glass',
      'assessment.read',
      'assessment.approve',
      'stock.read',
      'stock.request',
      'stock.approve',
      'training.read',
      'education.read',
      'volunteers.read',
      'volunteers.vet',
      'neighbours.read',
      'exercises.read',
      'exercises.manage',
    ],
  },
  agency_liaison: {
    name: '部门联络员',
    nameEn: 'Agency liaison',
    rights: [...READ_COMMON, 'incidents.read', 'plans.read', 'tasks.read', 'tasks.update', 'stock.read', 'stock.request'],
  },
  hospital_reporter: {
    name: '医院报告人员',
    nameEn: 'Hospital reporter',
    rights: [
      ...READ_COMMON,
      'cases.report',
      'cases.read',
      'cases.import',
      'feeds.read',
      'feeds.report',
      'occupancy.report',
      'counselling.break_glass',
      'counselling.referrals',
    ],
    facilityBound: ['cases.read', 'cases.report', 'cases.import', 'occupancy.report', 'counselling.referrals'],
  },
  township_officer: {
    name: '乡镇/社区工作人员',
    nameEn: 'Township / community officer',
    rights: [
      ...READ_COMMON,
      'cases.read',
      'feeds.read',
      'feeds.report',
      'signals.read',
      'alerts.read',
      // the officer knows the place (a school, a market): may tell the verifiers in the alert's discussion
      'alerts.comment',
      // the officer is where things happen: a cluster in a school, sick poultry at the market, a rumour
      'events.report',
      'incidents.read',
      'plans.read',
      'tasks.read',
      'tasks.update',
      // the township follows its residents who are contacts, and reports the one who falls ill (own township only)
      'contacts.read',
      'contacts.write',
      // the township places its residents in home quarantine or at a site, and releases them (own township only)
      'quarantine.read',
      'quarantine.write',
      // the township asks the district for masks and disinfectant, and confirms what arrived
      'stock.read',
      'stock.request',
      'training.read',
      'education.read',
      'volunteers.read',
      'volunteers.manage',
    ],
  },
  press_officer: {
    name: '新闻发布人员',
    nameEn: 'Press officer (publisher)',
    rights: [
      ...READ_COMMON,
      'incidents.read',
      'plans.read',
      'reports.read',
      'bulletins.read',
      'bulletins.draft',
      'education.read',
      'education.manage',
    ],
  },
  counsellor: {
    name: '心理援助人员',
    nameEn: 'Counsellor (psychological assistance)',
    rights: [...READ_COMMON, 'counselling.read', 'counselling.write'],
  },
  logistics_officer: {
    name: '后勤保障人员',
    nameEn: 'Logistics officer',
    // runs the quarantine sites: their rooms, and who stays in them
    rights: [
      ...READ_COMMON,
      'incidents.read',
      'plans.read',
      'tasks.read',
      'tasks.update',
      'resources.manage',
      'quarantine.read',
      'quarantine.sites',
      'stock.read',
      'stock.request',
      'stock.approve',
      'models.run',
      'volunteers.read',
    ],
  },
  viewer: {
    name: '只读用户',
    nameEn: 'Viewer',
    rights: [
      ...READ_COMMON,
      'incidents.read',
      'alerts.read',
      'plans.read',
      'reports.read',
      'assessment.read',
      'stock.read',
      'training.read',
      'education.read',
      'exercises.read',
    ],
  },
  // the psychological-assistance team's lead: a counsellor who also sets cut-offs and retention, is told of
  // same-day risk tasks and break-glass use, and reviews break-glass accesses (docs/psych.md)
  counsellor_lead: {
    name: '心理援助队负责人',
    nameEn: 'Counsellor team lead (psychological assistance)',
    rights: [...READ_COMMON, 'counselling.read', 'counselling.write', 'counselling.lead'],
  },
  // keeps the course catalogue, runs sessions, takes attendance, issues certificates; also writes education materials
  training_officer: {
    name: '培训与健康教育管理员',
    nameEn: 'Training and public-education officer',
    rights: [...READ_COMMON, 'training.read', 'training.manage', 'education.read', 'education.manage', 'volunteers.read'],
  },
  // the district's volunteer coordinator (区志愿者协会/团区委): registers, vets (not their own registrations),
  // assigns volunteers to tasks and sees their contact details in full (audited)
  volunteer_coordinator: {
    name: '志愿者协调员',
    nameEn: 'Volunteer coordinator',
    rights: [
      ...READ_COMMON,
      'volunteers.read',
      'volunteers.manage',
      'volunteers.vet',
      'volunteers.personal',
      'tasks.read',
      'tasks.assign',
      'tasks.update',
      'training.read',
    ],
  },
  // a volunteer's own account: their record, their assignments (with what the task needs), check-in and hours
  volunteer: {
    name: '志愿者',
    nameEn: 'Volunteer',
    rights: ['volunteers.self'],
  },
} as const satisfies Record<string, RoleDefinition>;

export type RoleId = keyof typeof ROLES;

/** The role ids, for zod enums. */
export const ROLE_IDS = Object.keys(ROLES) as [RoleId, ...RoleId[]];

/** The rights `role` grants only over its user's facility's records (none for most roles). */
export function facilityBoundRights(role: RoleId): readonly Right[] {
  const definition: RoleDefinition = ROLES[role];
  return definition.facilityBound ?? [];
}

/** Whether `role` is a known role id. */
export function isRoleId(role: string): role is RoleId {
  return Object.hasOwn(ROLES, role);
}

/** The rights a set of roles grants (deduplicated, sorted). */
export function rightsOfRoles(roles: Iterable<string>): Right[] {
  const out = new Set<Right>();
  for (const role of roles) if (isRoleId(role)) for (const r of ROLES[role].rights) out.add(r);
  return [...out].sort();
}
