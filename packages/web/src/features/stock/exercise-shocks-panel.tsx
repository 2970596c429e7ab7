/**
 * The stock page's exercise panel (docs/stock.md "Exercises"): the live stock shocks of running exercises at sites
 * in the reader's area — or one exercise's, with `?exerciseId=` (the link of its inbox message) — each under the
 * 演练 EXERCISE tag with the exercise's picture beside the real figures. Real stock (the table below) never
 * includes them: a shock is not a movement.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { ExerciseTag } from '../../app/exercise-banner.tsx';
import type { Schemas } from '../../api/contract.ts';

export type ExerciseStockShock = Schemas['ExerciseStockShock'];

export function useExerciseShocks(exerciseId: string | undefined) {
  return useQuery({
    queryKey: ['stock', 'exercise-shocks', exerciseId ?? null],
    queryFn: () => typedApi.get('/api/stock/exercise-shocks', { query: exerciseId ? { exerciseId } : {} }),
  });
}

export function ExerciseShocksPanel({ exerciseId }: { exerciseId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const shocks = useExerciseShocks(exerciseId);
  const items = shocks.data?.items ?? [];
  if (items.length === 0) return null;
  const days = (d: number | null) => (d === null ? '—' : t('stock.exercise.days', { n: d }));
  return (
    <Card
      size="small"
      data-testid="exercise-shocks"
      style={{ marginBottom: 12, background: '#fffbe6', borderColor: '#d48806', borderStyle: 'dashed' }}
      title={
        <Space>
          <ExerciseTag exercise />
          {t('stock.exercise.title')}
        </Space>
      }
    >
      <Alert type="warning" showIcon message={t('stock.exercise.hint')} style={{ marginBottom: 8 }} />
      {items.map((s) => (
        <Descriptions
          key={s.id}
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 4 }}
          style={{ marginBottom: 8 }}
          data-testid="exercise-shock"
          title={
            <Space wrap>
              <ExerciseTag exercise={s.exercise} />
              <Typography.Text strong>{s.title}</Typography.Text>
              <Link to={`/exercises/${s.exerciseId}`}>{t('exercises.banner.open')}</Link>
              {s.archived && <Tag>{t('stock.exercise.archived')}</Tag>}
            </Space>
          }
        >
          <Descriptions.Item label={t('stock.exercise.site')}>
            {en ? s.facilityNameEn || s.facilityName : s.facilityName} · {en ? s.itemNameEn || s.itemName : s.itemName}
          </Descriptions.Item>
          <Descriptions.Item label={t('stock.exercise.shock')}>
            {t('stock.exercise.shockText', { loss: s.lossQuantity, extra: s.extraDailyUse, unit: en ? s.unitEn : s.unit })}
          </Descriptions.Item>
          <Descriptions.Item label={t('stock.exercise.exerciseFigures')}>
            <span data-testid="exercise-shock-usable">{s.picture.exercise.usable}</span> · {days(s.picture.exercise.daysOfCover)}
            {s.picture.exercise.belowMinimum && (
              <Tag color="red" style={{ marginLeft: 6 }}>
                {t('stock.exercise.belowMinimum')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('stock.exercise.realFigures')}>
            <span data-testid="exercise-shock-real">{s.picture.real.usable}</span> · {days(s.picture.real.daysOfCover)}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Card>
  );
}
