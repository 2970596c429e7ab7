import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEVEL_COLOURS, type ResponseLevel } from '../plans/plans-api.ts';

/** A response level as a coloured tag (none: a grey "no level"). */
export function LevelTag({ level }: { level: ResponseLevel | null }) {
  const { t } = useTranslation();
  if (!level) return <Tag>{t('incidents.noLevel')}</Tag>;
  return <Tag color={LEVEL_COLOURS[level].tag}>{t(`plans.levels.${level}`)}</Tag>;
}
