/**
 * The exercise editor: type, objectives, scenario, area, participants, evaluators, critical tasks, test channel
 * and the MSEL (each inject: offset, kind, content, expected action, target). The MSEL is editable before the
 * start only (the server refuses later changes).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { dayValue, districtTodayValue } from '../../app/district-dayjs.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { useDiseases } from '../cases/cases-api.ts';
import { useFeedTypes } from '../feeds/feeds-api.ts';
import { useItems, useSites } from '../stock/stock-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { useChannels } from '../notifications/notifications-api.ts';
import { EXERCISE_TYPES, EXPECTED_ACTIONS, type Exercise, INJECT_KINDS, type InjectInput, useEvaluatorOptions } from './exercises-api.ts';

interface InjectValues {
  kind: InjectInput['kind'];
  offsetMinutes: number;
  title: string;
  expectedAction: (typeof EXPECTED_ACTIONS)[number];
  targetMinutes?: number | null;
  content: Record<string, unknown>;
}
interface Values {
  title: string;
  type: Exercise['type'];
  scheduledDate: Dayjs;
  jurisdictionId: string;
  objectivesText?: string;
  scenario?: string;
  participantAgencyIds?: string[];
  participantTownshipIds?: string[];
  evaluatorIds?: string[];
  testChannelId?: string | null;
  criticalTasks?: Array<{ key: string; title: string; titleEn?: string }>;
  injects?: InjectValues[];
}

const FIELDS = ['title', 'type', 'scheduledDate', 'jurisdictionId', 'scenario', 'testChannelId'];

function injectBody(i: InjectValues): InjectInput {
  const base = { offsetMinutes: i.offsetMinutes, title: i.title, expectedAction: i.expectedAction, targetMinutes: i.targetMinutes ?? null };
  const c = i.content ?? {};
  if (i.kind === 'message') return { ...base, kind: 'message', content: { text: String(c.text ?? ''), textEn: String(c.textEn ?? '') } };
  if (i.kind === 'stock')
    return {
      ...base,
      kind: 'stock',
      content: {
        itemId: String(c.itemId ?? ''),
        facilityId: String(c.facilityId ?? ''),
        lossQuantity: Number(c.lossQuantity ?? 0),
        extraDailyUse: Number(c.extraDailyUse ?? 0),
      },
    };
  const series = {
    townshipId: String(c.townshipId ?? ''),
    days: Number(c.days ?? 1),
    firstDay: Number(c.firstDay ?? 0),
    growth: Number(c.growth ?? 0),
  };
  if (i.kind === 'feed')
    return {
      ...base,
      kind: 'feed',
      content: { ...series, feedTypeId: String(c.feedTypeId ?? ''), denominator: c.denominator ? Number(c.denominator) : null },
    };
  return { ...base, kind: 'cases', content: { ...series, diseaseId: String(c.diseaseId ?? ''), classification: 'confirmed' } };
}

export function ExerciseForm({
  exercise,
  open,
  onClose,
  onSaved,
}: {
  exercise: Exercise | null;
  open: boolean;
  onClose: () => void;
  onSaved: (e: Exercise) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<Values>();
  const area = Form.useWatch('jurisdictionId', form) ?? exercise?.jurisdiction.id;
  const jurisdictions = useJurisdictions();
  const agencies = useAgencies({ pageSize: 200 });
  const diseases = useDiseases();
  const feedTypes = useFeedTypes();
  const stockItems = useItems();
  const stockSites = useSites();
  const channels = useChannels();
  const evaluators = useEvaluatorOptions(area);
  const planned = !exercise || exercise.status === 'planned';
  // the townships of the area (the area itself when it is a township)
  const townships = (jurisdictions.data ?? []).filter((j) => j.level === 'township' && (j.id === area || j.parentId === area));
  const name = (x: { name: string; nameEn: string }) => (en && x.nameEn ? x.nameEn : x.name);

  const { submit, saving, formError } = useFormSave<Values, Exercise>(
    form,
    FIELDS,
    async (v) => {
      const fields = {
        title: v.title,
        type: v.type,
        scheduledDate: v.scheduledDate.format('YYYY-MM-DD'),
        objectives: (v.objectivesText ?? '')
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        scenario: v.scenario ?? '',
        participantAgencyIds: v.participantAgencyIds ?? [],
        participantTownshipIds: v.participantTownshipIds ?? [],
        evaluatorIds: v.evaluatorIds ?? [],
        testChannelId: v.testChannelId ?? null,
        criticalTasks: (v.criticalTasks ?? []).map((c) => ({ key: c.key, title: c.title, titleEn: c.titleEn ?? '' })),
      };
      const injects = (v.injects ?? []).map(injectBody);
      if (!exercise) return typedApi.post('/api/exercises', { body: { ...fields, jurisdictionId: v.jurisdictionId, injects } });
      return typedApi.patch('/api/exercises/{id}', { path: { id: exercise.id }, body: { ...fields, ...(planned ? { injects } : {}) } });
    },
    onSaved,
  );

  const initial: Partial<Values> = exercise
    ? {
        title: exercise.title,
        type: exercise.type,
        scheduledDate: dayValue(exercise.scheduledDate),
        jurisdictionId: exercise.jurisdiction.id,
        objectivesText: exercise.objectives.join('\n'),
        scenario: exercise.scenario,
        participantAgencyIds: exercise.participantAgencies.map((a) => a.id),
        participantTownshipIds: exercise.participantTownships.map((p) => p.id),
        evaluatorIds: exercise.evaluators.map((e) => e.id),
        testChannelId: exercise.testChannel?.id ?? null,
        criticalTasks: exercise.criticalTasks,
        injects: exercise.injects.map((i) => ({
          kind: i.kind,
          offsetMinutes: i.offsetMinutes,
          title: i.title,
          expectedAction: i.expectedAction,
          targetMinutes: i.targetMinutes,
          content: i.content,
        })),
      }
    : { type: 'functional', scheduledDate: districtTodayValue(), injects: [], criticalTasks: [] };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={Math.min(960, typeof window === 'undefined' ? 960 : window.innerWidth)}
      title={exercise ? t('exercises.edit') : t('exercises.create')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('exercises.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="exercise-save">
            {t('exercises.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} aria-label={t('exercises.create')}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t('exercises.fields.title')}
              rules={[{ required: true, whitespace: true, message: t('exercises.fields.title') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="type" label={t('exercises.fields.type')} rules={[{ required: true }]}>
              <Select options={EXERCISE_TYPES.map((v) => ({ value: v, label: t(`exercises.type.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="scheduledDate" label={t('exercises.fields.scheduledDate')} rules={[{ required: true }]}>
              <DistrictDatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="jurisdictionId"
              label={t('exercises.fields.area')}
              rules={[{ required: true, message: t('exercises.fields.area') }]}
            >
              {exercise ? (
                <Input disabled value={name(exercise.jurisdiction)} />
              ) : (
                <JurisdictionSelect selectableLevels={['district', 'township']} />
              )}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="testChannelId" label={t('exercises.fields.testChannel')} extra={t('exercises.fields.testChannelHint')}>
              <Select allowClear options={(channels.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="objectivesText" label={t('exercises.fields.objectives')} extra={t('exercises.fields.objectivesHint')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="scenario" label={t('exercises.fields.scenario')}>
              <Input.TextArea rows={3} maxLength={10000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="participantAgencyIds" label={t('exercises.fields.agencies')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: name(a) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="participantTownshipIds" label={t('exercises.fields.townships')}>
              <Select mode="multiple" optionFilterProp="label" options={townships.map((j) => ({ value: j.id, label: name(j) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="evaluatorIds" label={t('exercises.fields.evaluators')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(evaluators.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              />
            </Form.Item>
          </Col>
        </Row>

        <Card size="small" title={t('exercises.fields.criticalTasks')} style={{ marginBottom: 12 }}>
          <Form.List name="criticalTasks">
            {(items, { add, remove }) => (
              <>
                {items.map((item) => (
                  <Row gutter={8} key={item.key} align="top">
                    <Col xs={6} md={4}>
                      <Form.Item name={[item.name, 'key']} rules={[{ required: true, pattern: /^[a-z0-9_-]{1,40}$/ }]}>
                        <Input placeholder={t('exercises.msel.taskKey')} aria-label={t('exercises.msel.taskKey')} />
                      </Form.Item>
                    </Col>
                    <Col xs={16} md={9}>
                      <Form.Item name={[item.name, 'title']} rules={[{ required: true, whitespace: true }]}>
                        <Input placeholder={t('exercises.msel.taskTitle')} aria-label={t('exercises.msel.taskTitle')} />
                      </Form.Item>
                    </Col>
                    <Col xs={0} md={9}>
                      <Form.Item name={[item.name, 'titleEn']}>
                        <Input placeholder={t('exercises.msel.taskTitleEn')} aria-label={t('exercises.msel.taskTitleEn')} />
                      </Form.Item>
                    </Col>
                    <Col xs={2}>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('exercises.msel.remove')}
                        onClick={() => remove(item.name)}
                      />
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ key: `task${items.length + 1}`, title: '' })}>
                  {t('exercises.msel.addTask')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('exercises.msel.title')}>
          <Form.List name="injects">
            {(items, { add, remove }) => (
              <>
                {items.map((item) => (
                  <InjectRow
                    key={item.key}
                    index={item.name}
                    disabled={!planned}
                    onRemove={() => remove(item.name)}
                    townships={townships.map((j) => ({ value: j.id, label: name(j) }))}
                    diseases={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: name(d) }))}
                    feedTypes={(feedTypes.data?.items ?? []).map((f) => ({ value: f.id, label: name(f) }))}
                    stockItems={(stockItems.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: name(s) }))}
                    stockSites={(stockSites.data?.items ?? []).map((s) => ({ value: s.id, label: name(s) }))}
                  />
                ))}
                {planned && (
                  <Button
                    icon={<PlusOutlined />}
                    data-testid="add-inject"
                    onClick={() =>
                      add({
                        kind: 'cases',
                        offsetMinutes: items.length * 15,
                        title: '',
                        expectedAction: 'alert_verified',
                        targetMinutes: 60,
                        content: { days: 5, firstDay: 1, growth: 0.5 },
                      })
                    }
                  >
                    {t('exercises.msel.add')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </Drawer>
  );
}

type Option = { value: string; label: string };

function InjectRow({
  index,
  disabled,
  onRemove,
  townships,
  diseases,
  feedTypes,
  stockItems,
  stockSites,
}: {
  index: number;
  disabled: boolean;
  onRemove: () => void;
  townships: Option[];
  diseases: Option[];
  feedTypes: Option[];
  stockItems: Option[];
  stockSites: Option[];
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch(['injects', index, 'kind'], form) as InjectValues['kind'] | undefined;
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={`inject-${index}`}>
      <Row gutter={8}>
        <Col xs={8} md={3}>
          <Form.Item name={[index, 'offsetMinutes']} label={t('exercises.msel.offset')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} disabled={disabled} />
          </Form.Item>
        </Col>
        <Col xs={16} md={5}>
          <Form.Item name={[index, 'kind']} label={t('exercises.msel.kind')} rules={[{ required: true }]}>
            <Select disabled={disabled} options={INJECT_KINDS.map((k) => ({ value: k, label: t(`exercises.kind.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[index, 'title']} label={t('exercises.msel.injectTitle')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} disabled={disabled} />
          </Form.Item>
        </Col>
        <Col xs={14} md={5}>
          <Form.Item name={[index, 'expectedAction']} label={t('exercises.msel.expectedAction')}>
            <Select disabled={disabled} options={EXPECTED_ACTIONS.map((a) => ({ value: a, label: t(`exercises.action.${a}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={8} md={3}>
          <Form.Item name={[index, 'targetMinutes']} label={t('exercises.msel.target')}>
            <InputNumber min={1} max={100000} style={{ width: '100%' }} disabled={disabled} />
          </Form.Item>
        </Col>
        <Col xs={24} md={2} style={{ display: 'flex', alignItems: 'center' }}>
          {!disabled && (
            <Button danger type="text" icon={<MinusCircleOutlined />} aria-label={t('exercises.msel.remove')} onClick={onRemove} />
          )}
        </Col>
      </Row>
      {kind === 'message' ? (
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name={[index, 'content', 'text']} label={t('exercises.msel.text')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} maxLength={2000} disabled={disabled} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={[index, 'content', 'textEn']} label={t('exercises.msel.textEn')}>
              <Input.TextArea rows={2} maxLength={2000} disabled={disabled} />
            </Form.Item>
          </Col>
        </Row>
      ) : kind === 'stock' ? (
        <Row gutter={8}>
          <Col xs={24} md={7}>
            <Form.Item name={[index, 'content', 'itemId']} label={t('exercises.msel.stockItem')} rules={[{ required: true }]}>
              <Select disabled={disabled} showSearch optionFilterProp="label" options={stockItems} />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name={[index, 'content', 'facilityId']} label={t('exercises.msel.stockSite')} rules={[{ required: true }]}>
              <Select disabled={disabled} showSearch optionFilterProp="label" options={stockSites} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name={[index, 'content', 'lossQuantity']} label={t('exercises.msel.lossQuantity')}>
              <InputNumber min={0} max={1000000} precision={0} style={{ width: '100%' }} disabled={disabled} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name={[index, 'content', 'extraDailyUse']} label={t('exercises.msel.extraDailyUse')}>
              <InputNumber min={0} max={100000} style={{ width: '100%' }} disabled={disabled} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Alert type="warning" showIcon message={t('exercises.msel.stockHint')} style={{ marginBottom: 8 }} />
          </Col>
        </Row>
      ) : (
        <Row gutter={8}>
          <Col xs={24} md={6}>
            {kind === 'feed' ? (
              <Form.Item name={[index, 'content', 'feedTypeId']} label={t('exercises.msel.feedType')} rules={[{ required: true }]}>
                <Select disabled={disabled} options={feedTypes} />
              </Form.Item>
            ) : (
              <Form.Item name={[index, 'content', 'diseaseId']} label={t('exercises.msel.disease')} rules={[{ required: true }]}>
                <Select disabled={disabled} showSearch optionFilterProp="label" options={diseases} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={[index, 'content', 'townshipId']} label={t('exercises.msel.township')} rules={[{ required: true }]}>
              <Select disabled={disabled} options={townships} />
            </Form.Item>
          </Col>
          <Col xs={8} md={3}>
            <Form.Item name={[index, 'content', 'days']} label={t('exercises.msel.days')} rules={[{ required: true }]}>
              <InputNumber min={1} max={28} style={{ width: '100%' }} disabled={disabled} />
            </Form.Item>
          </Col>
          <Col xs={8} md={3}>
            <Form.Item name={[index, 'content', 'firstDay']} label={t('exercises.msel.firstDay')} rules={[{ required: true }]}>
              <InputNumber min={0} max={kind === 'feed' ? 100000 : 50} style={{ width: '100%' }} disabled={disabled} />
            </Form.Item>
          </Col>
          <Col xs={8} md={3}>
            <Form.Item name={[index, 'content', 'growth']} label={t('exercises.msel.growth')} rules={[{ required: true }]}>
              <InputNumber min={-0.9} max={3} step={0.1} style={{ width: '100%' }} disabled={disabled} />
            </Form.Item>
          </Col>
          {kind === 'feed' && (
            <Col xs={24} md={3}>
              <Form.Item name={[index, 'content', 'denominator']} label={t('exercises.msel.denominator')}>
                <InputNumber min={1} style={{ width: '100%' }} disabled={disabled} />
              </Form.Item>
            </Col>
          )}
        </Row>
      )}
    </Card>
  );
}
