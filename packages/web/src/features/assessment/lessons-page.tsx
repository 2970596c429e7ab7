/**
 * The lessons library: search by words (Chinese or English), by tag or source; add a lesson (what was learnt, the
 * context, the source, tags) and link it to the event, the review and the plan version it changed.
 */
import { App, Alert, Button, Card, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDate } from '../../app/dates.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { LESSON_SOURCES, type Lesson, useLessons, usePlanVersions } from './assessment-api.ts';

interface LessonValues {
  title: string;
  context?: string;
  lesson: string;
  source: Lesson['source'];
  sourceNote?: string;
  tags?: string[];
  planVersionId?: string;
  planSection?: string;
}

export function LessonsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [query, setQuery] = useState<{ q?: string; tag?: string; source?: Lesson['source'] }>({});
  const lessons = useLessons(query);
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <AssessmentTabs active="lessons" />
      <Space wrap style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('assessment.lessons.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.assessmentManage) && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('assessment.lessons.add')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('assessment.lessons.search')}
          onSearch={(q) => setQuery((x) => ({ ...x, q: q || undefined }))}
          style={{ width: 260 }}
          data-testid="lessons-search"
        />
        <Select
          allowClear
          placeholder={t('assessment.lessons.allSources')}
          value={query.source}
          onChange={(source) => setQuery((x) => ({ ...x, source }))}
          options={LESSON_SOURCES.map((v) => ({ value: v, label: t(`assessment.sources.${v}`) }))}
          style={{ width: 160 }}
        />
      </Space>
      <div style={{ marginBottom: 12 }}>
        {(lessons.data?.tags ?? []).map((tag) => (
          <Tag.CheckableTag
            key={tag.tag}
            checked={query.tag === tag.tag}
            onChange={(on) => setQuery((x) => ({ ...x, tag: on ? tag.tag : undefined }))}
          >
            {tag.tag} ({tag.count})
          </Tag.CheckableTag>
        ))}
      </div>
      <List
        loading={lessons.isPending}
        dataSource={lessons.data?.items ?? []}
        locale={{ emptyText: t('assessment.lessons.none') }}
        data-testid="lessons-list"
        renderItem={(l) => (
          <List.Item key={l.id}>
            <Card size="small" style={{ width: '100%' }} title={l.title} extra={<Tag>{t(`assessment.sources.${l.source}`)}</Tag>}>
              {l.context && (
                <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {l.context}
                </Typography.Paragraph>
              )}
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{l.lesson}</Typography.Paragraph>
              <Space wrap size={4}>
                {l.tags.map((tag) => (
                  <Tag key={tag} color="blue">
                    {tag}
                  </Tag>
                ))}
                {l.sourceNote && <Typography.Text type="secondary">{l.sourceNote}</Typography.Text>}
                {l.incident && <Link to={`/assessment/717/incident/${l.incident.id}`}>{`${l.incident.code} ${l.incident.title}`}</Link>}
                {l.review && <Link to={`/assessment/reviews/${l.review.id}`}>{`${l.review.code} ${l.review.title}`}</Link>}
                {l.planVersion && (
                  <Link to={`/plans/${l.planVersion.planId}`}>
                    {t('assessment.lessons.changedPlan', {
                      plan: l.planVersion.planTitle,
                      version: l.planVersion.version,
                      section: l.planSection,
                    })}
                  </Link>
                )}
                <Typography.Text type="secondary">{formatDate(l.createdAt)}</Typography.Text>
              </Space>
            </Card>
          </List.Item>
        )}
      />
      <LessonDialog open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}

function LessonDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const versions = usePlanVersions(open);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LessonValues>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['title', 'lesson', 'source', 'context', 'tags', 'planVersionId', 'planSection'],
    (v: LessonValues) =>
      typedApi.post('/api/assessment/lessons', {
        body: {
          title: v.title,
          context: v.context ?? '',
          lesson: v.lesson,
          source: v.source,
          sourceNote: v.sourceNote ?? '',
          tags: v.tags ?? [],
          planSection: v.planSection ?? '',
          jurisdictionId: null,
          incidentId: null,
          reviewId: null,
          planVersionId: v.planVersionId ?? null,
        },
      }),
    async () => {
      void message.success(t('assessment.saved'));
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['assessment', 'lessons'] });
    },
  );
  return (
    <Modal
      open={open}
      title={t('assessment.lessons.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<LessonValues> form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'own_event', tags: [] }}>
        <Form.Item name="title" label={t('assessment.lessons.titleField')} rules={[{ required: true, message: t('assessment.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="lesson" label={t('assessment.lessons.lesson')} rules={[{ required: true, message: t('assessment.required') }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="context" label={t('assessment.lessons.context')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="source" label={t('assessment.lessons.source')}>
          <Select options={LESSON_SOURCES.map((v) => ({ value: v, label: t(`assessment.sources.${v}`) }))} />
        </Form.Item>
        <Form.Item name="sourceNote" label={t('assessment.lessons.sourceNote')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="tags" label={t('assessment.lessons.tags')}>
          <Select mode="tags" />
        </Form.Item>
        <Form.Item name="planVersionId" label={t('assessment.planLink.label')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('assessment.planLink.choose')}
            options={(versions.data?.items ?? []).map((x) => ({
              value: x.id,
              label: t('assessment.planLink.version', { plan: en ? x.planTitleEn : x.planTitle, version: x.version }),
            }))}
            data-testid="lesson-plan-version"
          />
        </Form.Item>
        <Form.Item name="planSection" label={t('assessment.lessons.planSection')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
