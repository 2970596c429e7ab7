/**
 * The 演练 EXERCISE banner: shown on every page of a record an exercise created (an alert, an incident, a case
 * report; docs/exercises.md), so that nobody takes exercise data for a real event. Links to the exercise.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function ExerciseBanner({ exerciseId }: { exerciseId: string | null | undefined }) {
  const { t } = useTranslation();
  if (!exerciseId) return null;
  return (
    <div
      role="status"
      data-testid="exercise-banner"
      style={{
        background: '#fff1b8',
        border: '2px dashed #d48806',
        color: '#873800',
        padding: '8px 12px',
        marginBottom: 12,
        fontWeight: 600,
        display: 'flex',
        gap: 12,
        flexWrap: 'wrap',
        alignItems: 'center',
      }}
    >
      <ExperimentOutlined />
      <span>{t('exercises.banner.label')}</span>
      <span style={{ fontWeight: 400 }}>{t('exercises.banner.text')}</span>
      <Link to={`/exercises/${exerciseId}`}>{t('exercises.banner.open')}</Link>
    </div>
  );
}

/** A small 演练 tag for list rows of exercise records. */
export function ExerciseTag({ exercise }: { exercise: boolean | undefined }) {
  const { t } = useTranslation();
  if (!exercise) return null;
  return (
    <Tag color="gold" data-testid="exercise-tag">
      {t('exercises.banner.label')}
    </Tag>
  );
}
