/** The assessment pages' tabs: 7-1-7, indicators, reviews, self-assessment, lessons, detection performance. */
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

const TABS = [
  { key: '717', path: '/assessment' },
  { key: 'indicators', path: '/assessment/indicators' },
  { key: 'reviews', path: '/assessment/reviews' },
  { key: 'lessons', path: '/assessment/lessons' },
  { key: 'spar', path: '/assessment/spar' },
  { key: 'detection', path: '/assessment/detection' },
] as const;

export function AssessmentTabs({ active }: { active: (typeof TABS)[number]['key'] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => navigate(TABS.find((x) => x.key === key)!.path)}
      items={TABS.map((x) => ({ key: x.key, label: t(`assessment.tabs.${x.key}`) }))}
    />
  );
}
