/**
 * The team lead's review of break-glass accesses: who opened which record, why, for how long, how many reads.
 */
import { Button, Checkbox, Input, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient, typedApi } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type PsychBreakGlass, useBreakGlassList } from './psych-api.ts';

export function BreakGlassPage() {
  const { t } = useTranslation();
  const [pending, setPending] = useState(true);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const list = useBreakGlassList(pending);
  const review = async (g: PsychBreakGlass) => {
    try {
      await typedApi.post('/api/psych/break-glass/{id}/review', { path: { id: g.id }, body: { note: notes[g.id] ?? '' } });
      await queryClient.invalidateQueries({ queryKey: ['psych', 'break-glass'] });
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };
  return (
    <div>
      <Typography.Title level={3}>{t('psych.breakGlass.title')}</Typography.Title>
      <Checkbox checked={pending} onChange={(e) => setPending(e.target.checked)} style={{ marginBottom: 16 }}>
        {t('psych.breakGlass.pendingOnly')}
      </Checkbox>
      <ResponsiveTable<PsychBreakGlass>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        columns={[
          { key: 'user', title: t('psych.breakGlass.user'), dataIndex: 'userName' },
          { key: 'client', title: t('psych.breakGlass.client'), dataIndex: 'clientCode' },
          { key: 'reason', title: t('psych.breakGlass.reason'), dataIndex: 'reason' },
          { key: 'granted', title: t('psych.breakGlass.granted'), dataIndex: 'grantedAt', render: (v: string) => formatDateTime(v) },
          { key: 'expires', title: t('psych.breakGlass.expires'), dataIndex: 'expiresAt', render: (v: string) => formatDateTime(v) },
          { key: 'reads', title: t('psych.breakGlass.reads'), dataIndex: 'reads' },
          {
            key: 'review',
            title: t('psych.breakGlass.review'),
            render: (_: unknown, g: PsychBreakGlass) =>
              g.reviewedAt ? (
                <Tag color="green">{`${t('psych.breakGlass.reviewed')} ${g.reviewedBy ?? ''} ${g.reviewNote}`}</Tag>
              ) : (
                <Space wrap>
                  <Input
                    size="small"
                    placeholder={t('psych.breakGlass.note')}
                    value={notes[g.id] ?? ''}
                    onChange={(e) => setNotes((n) => ({ ...n, [g.id]: e.target.value }))}
                  />
                  <Button size="small" onClick={() => void review(g)}>
                    {t('psych.breakGlass.review')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </div>
  );
}
