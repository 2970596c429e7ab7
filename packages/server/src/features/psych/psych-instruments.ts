/**
 * The texts of the four instruments in Chinese and English (docs/psych.md "Instruments and their sources").
 * PHQ-9 and GAD-7: developed by Drs Spitzer, Williams, Kroenke and colleagues with an educational grant from
 * Pfizer; "no permission required to reproduce, translate, display or distribute" (phqscreeners.com).
 * PCL-5: a work of the US National Center for PTSD, in the public domain.
 * ISI: © C. M. Morin; its verbatim text is licensed (Mapi Research Trust), so the items below are short
 * descriptions of what each item asks, written for this platform, not the questionnaire's wording — a district
 * holding a licence for the Chinese ISI shows its text on paper or replaces these labels.
 * The Chinese renderings of PHQ-9, GAD-7 and PCL-5 follow the widely used Chinese versions; a district that
 * uses a specific validated version checks the wording against it (docs/psych.md).
 */
import type { Instrument } from './psych-scoring.ts';

export interface InstrumentText {
  id: Instrument;
  name: string;
  nameEn: string;
  /** the question put before the items */
  stem: string;
  stemEn: string;
  /** the answer options, value = index */
  options: { label: string; labelEn: string }[];
  items: { text: string; textEn: string }[];
}

const FREQUENCY = [
  { label: '完全不会', labelEn: 'Not at all' },
  { label: '好几天', labelEn: 'Several days' },
  { label: '一半以上的天数', labelEn: 'More than half the days' },
  { label: '几乎每天', labelEn: 'Nearly every day' },
];

const SEVERITY5 = [
  { label: '一点也不', labelEn: 'Not at all' },
  { label: '有一点', labelEn: 'A little bit' },
  { label: '中等', labelEn: 'Moderately' },
  { label: '相当多', labelEn: 'Quite a bit' },
  { label: '极度', labelEn: 'Extremely' },
];

const ISI_OPTIONS = [
  { label: '无', labelEn: 'None' },
  { label: '轻度', labelEn: 'Mild' },
  { label: '中度', labelEn: 'Moderate' },
  { label: '重度', labelEn: 'Severe' },
  { label: '极重度', labelEn: 'Very severe' },
];

export const INSTRUMENT_TEXTS: Record<Instrument, InstrumentText> = {
  phq9: {
    id: 'phq9',
    name: '患者健康问卷抑郁量表（PHQ-9）',
    nameEn: 'Patient Health Questionnaire (PHQ-9)',
    stem: '在过去两个星期，有多少时候您受到以下任何问题所困扰？',
    stemEn: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    options: FREQUENCY,
    items: [
      { text: '做事时提不起劲或没有兴趣', textEn: 'Little interest or pleasure in doing things' },
      { text: '感到心情低落、沮丧或绝望', textEn: 'Feeling down, depressed, or hopeless' },
      { text: '入睡困难、睡不安稳或睡眠过多', textEn: 'Trouble falling or staying asleep, or sleeping too much' },
      { text: '感觉疲倦或没有活力', textEn: 'Feeling tired or having little energy' },
      { text: '食欲不振或吃太多', textEn: 'Poor appetite or overeating' },
      {
        text: '觉得自己很糟，或觉得自己很失败，或让自己或家人失望',
        textEn: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      },
      {
        text: '对事物专注有困难，例如阅读报纸或看电视时',
        textEn: 'Trouble concentrating on things, such as reading the newspaper or watching television',
      },
      {
        text: '动作或说话速度缓慢到别人已经察觉？或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常',
        textEn:
          'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      },
      {
        text: '有不如死掉或用某种方式伤害自己的念头',
        textEn: 'Thoughts that you would be better off dead or of hurting yourself in some way',
      },
    ],
  },
  gad7: {
    id: 'gad7',
    name: '广泛性焦虑量表（GAD-7）',
    nameEn: 'Generalised Anxiety Disorder scale (GAD-7)',
    stem: '在过去两个星期，有多少时候您受到以下任何问题所困扰？',
    stemEn: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    options: FREQUENCY,
    items: [
      { text: '感觉紧张、焦虑或急切', textEn: 'Feeling nervous, anxious, or on edge' },
      { text: '不能够停止或控制担忧', textEn: 'Not being able to stop or control worrying' },
      { text: '对各种各样的事情担忧过多', textEn: 'Worrying too much about different things' },
      { text: '很难放松下来', textEn: 'Trouble relaxing' },
      { text: '由于不安而无法静坐', textEn: 'Being so restless that it is hard to sit still' },
      { text: '变得容易烦恼或急躁', textEn: 'Becoming easily annoyed or irritable' },
      { text: '感到似乎将有可怕的事情发生而害怕', textEn: 'Feeling afraid, as if something awful might happen' },
    ],
  },
  isi: {
    id: 'isi',
    name: '失眠严重程度指数（ISI）',
    nameEn: 'Insomnia Severity Index (ISI)',
    stem: '请评估您最近两周的睡眠情况（条目为本平台的简述，非量表原文）',
    stemEn: 'Rate your sleep over the last 2 weeks (items are this platform’s short descriptions, not the licensed wording)',
    options: ISI_OPTIONS,
    items: [
      { text: '入睡困难的程度', textEn: 'Difficulty falling asleep' },
      { text: '睡眠维持困难（夜间易醒）的程度', textEn: 'Difficulty staying asleep' },
      { text: '早醒的程度', textEn: 'Problem waking up too early' },
      { text: '对目前睡眠状况的不满意程度', textEn: 'Dissatisfaction with the current sleep pattern' },
      { text: '睡眠问题在他人看来对生活质量影响的明显程度', textEn: 'How noticeable to others the impairment of quality of life is' },
      { text: '对目前睡眠问题的担心或苦恼程度', textEn: 'Worry or distress about the current sleep problem' },
      { text: '睡眠问题对日常功能的干扰程度', textEn: 'Interference of the sleep problem with daily functioning' },
    ],
  },
  pcl5: {
    id: 'pcl5',
    name: 'PTSD检查量表（PCL-5）',
    nameEn: 'PTSD Checklist for DSM-5 (PCL-5)',
    stem: '在过去一个月里，您受到以下问题困扰的程度如何（与这次疫情相关的应激经历）？',
    stemEn: 'In the past month, how much were you bothered by the following (in relation to the stressful experience)?',
    options: SEVERITY5,
    items: [
      {
        text: '反复出现令人不安的、不想要的有关这段应激经历的记忆',
        textEn: 'Repeated, disturbing, and unwanted memories of the stressful experience',
      },
      { text: '反复做有关这段应激经历的噩梦', textEn: 'Repeated, disturbing dreams of the stressful experience' },
      {
        text: '突然感觉或表现得好像这段应激经历又在发生（好像回到当时，重新经历）',
        textEn: 'Suddenly feeling or acting as if the stressful experience were actually happening again',
      },
      {
        text: '当有事物让您想起这段应激经历时，感到非常难过',
        textEn: 'Feeling very upset when something reminded you of the stressful experience',
      },
      {
        text: '当有事物让您想起这段应激经历时，出现强烈的身体反应（如心跳加快、呼吸困难、出汗）',
        textEn: 'Having strong physical reactions when something reminded you of the stressful experience',
      },
      {
        text: '回避与这段应激经历有关的记忆、想法或感受',
        textEn: 'Avoiding memories, thoughts, or feelings related to the stressful experience',
      },
      {
        text: '回避会让您想起这段应激经历的外部事物（如人、地点、谈话、活动、物品或情境）',
        textEn: 'Avoiding external reminders of the stressful experience',
      },
      { text: '记不起这段应激经历的重要部分', textEn: 'Trouble remembering important parts of the stressful experience' },
      {
        text: '对自己、他人或世界有强烈的负面看法（如：我很坏、我出了严重问题、谁都不能信任、世界非常危险）',
        textEn: 'Having strong negative beliefs about yourself, other people, or the world',
      },
      {
        text: '为这段应激经历或其后发生的事责怪自己或他人',
        textEn: 'Blaming yourself or someone else for the stressful experience or what happened after it',
      },
      {
        text: '有强烈的负面情绪，如恐惧、惊骇、愤怒、内疚或羞愧',
        textEn: 'Having strong negative feelings such as fear, horror, anger, guilt, or shame',
      },
      { text: '对过去喜欢的活动失去兴趣', textEn: 'Loss of interest in activities that you used to enjoy' },
      { text: '感觉与他人疏远或隔绝', textEn: 'Feeling distant or cut off from other people' },
      {
        text: '难以体验正面的情绪（如无法感到快乐，或无法对亲近的人产生爱的感觉）',
        textEn: 'Trouble experiencing positive feelings',
      },
      { text: '易激惹、发脾气或有攻击性行为', textEn: 'Irritable behavior, angry outbursts, or acting aggressively' },
      { text: '冒太多风险或做可能伤害自己的事', textEn: 'Taking too many risks or doing things that could cause you harm' },
      { text: '过度警觉、戒备或提防', textEn: 'Being “superalert” or watchful or on guard' },
      { text: '感到神经过敏或容易受惊吓', textEn: 'Feeling jumpy or easily startled' },
      { text: '难以集中注意力', textEn: 'Having difficulty concentrating' },
      { text: '入睡困难或睡眠不稳', textEn: 'Trouble falling or staying asleep' },
    ],
  },
};
