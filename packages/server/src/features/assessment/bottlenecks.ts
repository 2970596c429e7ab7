/**
 * The coded list of 7-1-7 bottlenecks, in themes, after SORMAS's 7-1-7 module and Resolve to Save Lives'
 * 7-1-7 bottleneck taxonomy (8 themes), shortened to what a Chinese district meets. Codes are stable (stored in
 * assessment_events.bottlenecks); labels may change.
 */
export interface Bottleneck {
  code: string;
  theme: string;
  name: string;
  nameEn: string;
}

export const BOTTLENECK_THEMES: Record<string, { name: string; nameEn: string }> = {
  workforce: { name: '人力', nameEn: 'Workforce' },
  laboratory: { name: '实验室', nameEn: 'Laboratory' },
  surveillance: { name: '监测与报告', nameEn: 'Surveillance and reporting' },
  coordination: { name: '协调与决策', nameEn: 'Coordination and decisions' },
  community: { name: '社区与风险沟通', nameEn: 'Community and risk communication' },
  logistics: { name: '物资、经费与后勤', nameEn: 'Supplies, funds and logistics' },
  health_care: { name: '医疗机构', nameEn: 'Health care' },
  information_systems: { name: '信息系统与数据', nameEn: 'Information systems and data' },
};

export const BOTTLENECKS: readonly Bottleneck[] = [
  { code: 'staff_shortage', theme: 'workforce', name: '人员不足', nameEn: 'Not enough staff' },
  { code: 'staff_training', theme: 'workforce', name: '人员培训不足', nameEn: 'Staff not trained for the task' },
  { code: 'staff_turnover', theme: 'workforce', name: '人员变动、职责交接不清', nameEn: 'Staff turnover, unclear hand-over' },
  { code: 'specimen_transport', theme: 'laboratory', name: '标本采集或运送延误', nameEn: 'Specimen collection or transport delayed' },
  { code: 'lab_capacity', theme: 'laboratory', name: '检测能力不足', nameEn: 'Testing capacity lacking' },
  { code: 'lab_result_delay', theme: 'laboratory', name: '检测结果反馈延误', nameEn: 'Test results returned late' },
  { code: 'reagent_stockout', theme: 'laboratory', name: '试剂短缺', nameEn: 'Reagents out of stock' },
  { code: 'delayed_care_seeking', theme: 'surveillance', name: '患者就诊延迟', nameEn: 'Patients sought care late' },
  { code: 'case_not_recognised', theme: 'surveillance', name: '临床未及时识别', nameEn: 'Clinicians did not recognise the disease' },
  { code: 'reporting_delay', theme: 'surveillance', name: '网络直报延迟', nameEn: 'Online reporting late' },
  { code: 'signal_not_verified', theme: 'surveillance', name: '预警信号未及时核实', nameEn: 'Signal not verified in time' },
  { code: 'case_definition_unclear', theme: 'surveillance', name: '病例定义不清', nameEn: 'Case definition unclear' },
  { code: 'unclear_roles', theme: 'coordination', name: '职责分工不明确', nameEn: 'Roles and responsibilities unclear' },
  { code: 'interagency_delay', theme: 'coordination', name: '部门间协调延误', nameEn: 'Coordination between agencies delayed' },
  { code: 'decision_delay', theme: 'coordination', name: '决策或审批延误', nameEn: 'Decision or approval delayed' },
  { code: 'plan_not_activated', theme: 'coordination', name: '预案未及时启动', nameEn: 'Plan not activated in time' },
  { code: 'community_reluctance', theme: 'community', name: '群众配合度低', nameEn: 'Community reluctant to cooperate' },
  { code: 'misinformation', theme: 'community', name: '谣言或错误信息', nameEn: 'Rumours or misinformation' },
  { code: 'access_barriers', theme: 'community', name: '交通或可及性障碍', nameEn: 'Access barriers' },
  { code: 'funds_delay', theme: 'logistics', name: '经费拨付延迟', nameEn: 'Funds released late' },
  { code: 'supplies_stockout', theme: 'logistics', name: '防护或消杀物资短缺', nameEn: 'Protective or disinfection supplies short' },
  { code: 'transport_lacking', theme: 'logistics', name: '车辆等后勤保障不足', nameEn: 'Vehicles and logistics lacking' },
  { code: 'facility_not_notifying', theme: 'health_care', name: '医疗机构未及时报告', nameEn: 'Health facility did not notify' },
  { code: 'ipc_gaps', theme: 'health_care', name: '院感防控薄弱', nameEn: 'Infection prevention and control gaps' },
  { code: 'treatment_capacity', theme: 'health_care', name: '救治能力不足', nameEn: 'Treatment capacity lacking' },
  { code: 'system_outage', theme: 'information_systems', name: '系统故障或中断', nameEn: 'System outage' },
  { code: 'data_quality', theme: 'information_systems', name: '数据质量问题', nameEn: 'Data quality problems' },
  { code: 'other', theme: 'coordination', name: '其他（见说明）', nameEn: 'Other (see note)' },
];

export const BOTTLENECK_CODES = BOTTLENECKS.map((b) => b.code) as [string, ...string[]];
export const bottleneckByCode = new Map(BOTTLENECKS.map((b) => [b.code, b]));
