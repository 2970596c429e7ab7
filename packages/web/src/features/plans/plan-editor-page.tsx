/**
 * The plan editor: every section of the plan as forms, a table of measures per level, each text in Chinese
 * with English alongside. `/plans/new` creates a plan (its first version is a draft); `/plans/:id/versions/:v/edit`
 * saves a draft or returned version in place, or — for the approved version — a new draft version. Errors the
 * server finds are put beside their fields (`levels.III.measures.2.agencyId`) and listed above the form, since
 * the field may sit on another tab.
 */
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Agency } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { formFieldErrors, translateError } from '../../app/errors.ts';
import { buildJurisdictionTree, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { useAgencyIndex } from './plan-page.tsx';
import {
  type PlanContent,
  type PlanDetail,
  type PlanVersion,
  PRIORITIES,
  RESPONSE_LEVELS,
  emptyPlanContent,
  usePlan,
  usePlanVersion,
} from './plans-api.ts';

const CONTENT_KEYS = [
  'title',
  'general',
  'headquarters',
  'monitoring',
  'reporting',
  'technicalInstitutions',
  'levels',
  'fieldControl',
  'materials',
  'training',
] as const;
const FORM_FIELDS = [...CONTENT_KEYS, 'code', 'jurisdictionId', 'changeNote'];

type Values = PlanContent & { code?: string; jurisdictionId?: string; changeNote?: string };
type NamePath = (string | number)[];

/** A text in both languages: Chinese and English inputs side by side. */
function BilingualInput({ name, label, long, required }: { name: NamePath; label: string; long?: boolean; required?: boolean }) {
  const { t } = useTranslation();
  const Control = long ? Input.TextArea : Input;
  const rows = long ? { autoSize: { minRows: 2, maxRows: 12 } } : {};
  return (
    <Form.Item label={label} required={required} style={{ marginBottom: 8 }}>
      <Row gutter={8}>
        <Col xs={24} md={12}>
          <Form.Item name={[...name, 'zh']} noStyle={false} style={{ marginBottom: 4 }}>
            <Control aria-label={t('plans.inZh', { label })} placeholder={t('plans.lang.zh')} {...rows} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[...name, 'en']} style={{ marginBottom: 4 }}>
            <Control aria-label={t('plans.inEn', { label })} placeholder={t('plans.lang.en')} lang="en" {...rows} />
          </Form.Item>
        </Col>
      </Row>
    </Form.Item>
  );
}

function AgencySelect({
  agencies,
  multiple,
  ...rest
}: {
  agencies: Agency[];
  multiple?: boolean;
  'aria-label'?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const { i18n } = useTranslation();
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 180, width: '100%' }}
      options={agencies.map((a) => ({ value: a.id, label: `${localName(a, i18n.language)} (${a.code})` }))}
    />
  );
}

/** The measures of one level as an editable table. */
function MeasuresTable({ level, agencies }: { level: string; agencies: Agency[] }) {
  const { t } = useTranslation();
  const levelName = t(`plans.levels.${level}`);
  return (
    <Form.List name={['levels', level, 'measures']}>
      {(fields, { add, remove, move }) => (
        <>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="key"
            dataSource={fields}
            scroll={{ x: 1320 }}
            tableLayout="fixed"
            aria-label={t('plans.measuresOf', { level: levelName })}
            columns={[
              { title: '#', width: 40, render: (_, __, i) => i + 1 },
              {
                title: t('plans.fields.measure'),
                width: 440,
                render: (_, field) => (
                  <>
                    <Form.Item
                      name={[field.name, 'title', 'zh']}
                      style={{ marginBottom: 4 }}
                      rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                    >
                      <Input
                        aria-label={t('plans.inZh', { label: t('plans.fields.measureTitle') })}
                        placeholder={t('plans.fields.measureTitle')}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title', 'en']} style={{ marginBottom: 4 }}>
                      <Input
                        aria-label={t('plans.inEn', { label: t('plans.fields.measureTitle') })}
                        placeholder={t('plans.lang.en')}
                        lang="en"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description', 'zh']} style={{ marginBottom: 4 }}>
                      <Input.TextArea
                        aria-label={t('plans.inZh', { label: t('plans.fields.description') })}
                        placeholder={t('plans.fields.description')}
                        autoSize={{ minRows: 1, maxRows: 6 }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description', 'en']} style={{ marginBottom: 0 }}>
                      <Input.TextArea
                        aria-label={t('plans.inEn', { label: t('plans.fields.description') })}
                        placeholder={t('plans.lang.en')}
                        lang="en"
                        autoSize={{ minRows: 1, maxRows: 6 }}
                      />
                    </Form.Item>
                  </>
                ),
              },
              {
                title: t('plans.fields.agency'),
                width: 220,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'agencyId']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <AgencySelect agencies={agencies} aria-label={t('plans.fields.agency')} />
                  </Form.Item>
                ),
              },
              {
                title: t('plans.fields.deadlineHours'),
                width: 120,
                render: (_, field) => (
                  <Form.Item
                    name={[field.name, 'deadlineHours']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <InputNumber
                      min={0}
                      max={8760}
                      precision={0}
                      aria-label={t('plans.fields.deadlineHours')}
                      addonAfter="h"
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('plans.fields.priority'),
                width: 110,
                render: (_, field) => (
                  <Form.Item name={[field.name, 'priority']} style={{ marginBottom: 0 }}>
                    <Select
                      aria-label={t('plans.fields.priority')}
                      options={PRIORITIES.map((p) => ({ value: p, label: t(`plans.priorities.${p}`) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('plans.fields.checklist'),
                width: 300,
                render: (_, field) => (
                  <Form.List name={[field.name, 'checklist']}>
                    {(items, { add: addItem, remove: removeItem }) => (
                      <>
                        {items.map((item) => (
                          <Space.Compact key={item.key} style={{ width: '100%', marginBottom: 4 }}>
                            <Form.Item name={[item.name, 'zh']} noStyle>
                              <Input
                                aria-label={t('plans.inZh', { label: t('plans.fields.checklistItem') })}
                                placeholder={t('plans.lang.zh')}
                              />
                            </Form.Item>
                            <Form.Item name={[item.name, 'en']} noStyle>
                              <Input
                                aria-label={t('plans.inEn', { label: t('plans.fields.checklistItem') })}
                                placeholder={t('plans.lang.en')}
                                lang="en"
                              />
                            </Form.Item>
                            <Button icon={<DeleteOutlined />} aria-label={t('plans.removeItem')} onClick={() => removeItem(item.name)} />
                          </Space.Compact>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addItem({ zh: '', en: '' })}>
                          {t('plans.addChecklistItem')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                ),
              },
              {
                title: t('common.actions'),
                width: 70,
                render: (_, field, i) => (
                  <Space direction="vertical" size={4}>
                    <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('plans.moveUp')}>
                      ↑
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('plans.removeMeasure')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ),
              },
            ]}
          />
          <Button
            style={{ marginTop: 8 }}
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              add({
                title: { zh: '', en: '' },
                description: { zh: '', en: '' },
                agencyId: undefined,
                deadlineHours: 24,
                priority: 'normal',
                checklist: [],
              })
            }
          >
            {t('plans.addMeasure', { level: levelName })}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** A list of bilingual entries with extra fields (working groups, institutions, stockpiles). */
function EntryList({
  name,
  addLabel,
  blank,
  render,
}: {
  name: NamePath;
  addLabel: string;
  blank: object;
  render: (field: { name: number }) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 8 }}
              title={`${i + 1}`}
              extra={
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('plans.removeEntry')}
                  onClick={() => remove(field.name)}
                />
              }
            >
              {render(field)}
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(blank)}>
            {addLabel}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function PlanForm({ agencies, creating }: { form: FormInstance<Values>; agencies: Agency[]; creating: boolean }) {
  const { t, i18n } = useTranslation();
  const jurisdictions = useJurisdictions();
  const tree = useMemo(() => buildJurisdictionTree(jurisdictions.data ?? [], i18n.language), [jurisdictions.data, i18n.language]);
  const e = { zh: '', en: '' };
  const items = [
    {
      key: 'headquarters',
      label: t('plans.tabs.headquarters'),
      forceRender: true,
      children: (
        <>
          {creating && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="code"
                  label={t('plans.code')}
                  rules={[{ required: true, pattern: /^[A-Za-z0-9-]{2,40}$/, message: t('plans.codeFormat') }]}
                >
                  <Input placeholder="JJ-YA-CRB" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="jurisdictionId"
                  label={t('common.jurisdiction')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <TreeSelect treeData={tree} treeDefaultExpandAll aria-label={t('common.jurisdiction')} />
                </Form.Item>
              </Col>
            </Row>
          )}
          <BilingualInput name={['title']} label={t('plans.fields.title')} required />
          <BilingualInput name={['general']} label={t('plans.sections.general')} long />
          <BilingualInput name={['headquarters', 'commander']} label={t('plans.fields.commander')} />
          <Form.Item label={t('plans.fields.deputies')}>
            <EntryList
              name={['headquarters', 'deputies']}
              addLabel={t('plans.addDeputy')}
              blank={e}
              render={(f) => <BilingualInput name={[f.name]} label={t('plans.fields.deputy')} />}
            />
          </Form.Item>
          <BilingualInput name={['headquarters', 'composition']} label={t('plans.fields.composition')} long />
          <BilingualInput name={['headquarters', 'duties']} label={t('plans.fields.hqDuties')} long />
          <BilingualInput name={['headquarters', 'office']} label={t('plans.fields.office')} long />
          <Typography.Title level={5}>{t('plans.fields.workingGroups')}</Typography.Title>
          <EntryList
            name={['headquarters', 'workingGroups']}
            addLabel={t('plans.addGroup')}
            blank={{ name: e, duties: e, leadAgencyId: null, memberAgencyIds: [] }}
            render={(f) => (
              <>
                <BilingualInput name={[f.name, 'name']} label={t('plans.fields.groupName')} />
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name={[f.name, 'leadAgencyId']} label={t('plans.fields.leadAgency')}>
                      <AgencySelect agencies={agencies} aria-label={t('plans.fields.leadAgency')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[f.name, 'memberAgencyIds']} label={t('plans.fields.memberAgencies')}>
                      <AgencySelect agencies={agencies} multiple aria-label={t('plans.fields.memberAgencies')} />
                    </Form.Item>
                  </Col>
                </Row>
                <BilingualInput name={[f.name, 'duties']} label={t('plans.fields.duties')} long />
              </>
            )}
          />
        </>
      ),
    },
    {
      key: 'information',
      label: t('plans.tabs.information'),
      forceRender: true,
      children: (
        <>
          <BilingualInput name={['monitoring']} label={t('plans.sections.monitoring')} long />
          <BilingualInput name={['reporting']} label={t('plans.sections.reporting')} long />
          <Typography.Title level={5}>{t('plans.sections.technicalInstitutions')}</Typography.Title>
          <EntryList
            name={['technicalInstitutions']}
            addLabel={t('plans.addInstitution')}
            blank={{ name: e, tasks: e, agencyId: null }}
            render={(f) => (
              <>
                <BilingualInput name={[f.name, 'name']} label={t('plans.fields.institution')} />
                <Form.Item name={[f.name, 'agencyId']} label={t('plans.fields.agency')}>
                  <AgencySelect agencies={agencies} aria-label={t('plans.fields.agency')} />
                </Form.Item>
                <BilingualInput name={[f.name, 'tasks']} label={t('plans.fields.tasks')} long />
              </>
            )}
          />
        </>
      ),
    },
    {
      key: 'levels',
      label: t('plans.tabs.levels'),
      forceRender: true,
      children: (
        <Tabs
          type="card"
          items={RESPONSE_LEVELS.map((level) => ({
            key: level,
            label: t(`plans.levels.${level}`),
            forceRender: true,
            children: (
              <>
                <BilingualInput name={['levels', level, 'criteria']} label={t('plans.fields.criteria')} long />
                <MeasuresTable level={level} agencies={agencies} />
              </>
            ),
          }))}
        />
      ),
    },
    {
      key: 'operations',
      label: t('plans.tabs.operations'),
      forceRender: true,
      children: (
        <>
          <BilingualInput name={['fieldControl']} label={t('plans.sections.fieldControl')} long />
          <BilingualInput name={['materials', 'text']} label={t('plans.sections.materials')} long />
          <EntryList
            name={['materials', 'stockpiles']}
            addLabel={t('plans.addStockpile')}
            blank={{ item: e, unit: e, quantity: 0, holderAgencyId: null }}
            render={(f) => (
              <>
                <BilingualInput name={[f.name, 'item']} label={t('plans.fields.item')} />
                <Row gutter={16}>
                  <Col xs={24} md={6}>
                    <Form.Item name={[f.name, 'quantity']} label={t('plans.fields.quantity')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <BilingualInput name={[f.name, 'unit']} label={t('plans.fields.unit')} />
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item name={[f.name, 'holderAgencyId']} label={t('plans.fields.holder')}>
                      <AgencySelect agencies={agencies} aria-label={t('plans.fields.holder')} />
                    </Form.Item>
                  </Col>
                </Row>
              </>
            )}
          />
          <BilingualInput name={['training']} label={t('plans.sections.training')} long />
        </>
      ),
    },
  ];
  return (
    <>
      <Tabs items={items} />
      <Form.Item name="changeNote" label={t('plans.changeNote')} style={{ marginTop: 16 }}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export function PlanEditorPage() {
  const { t } = useTranslation();
  const { id, versionId } = useParams();
  const creating = !id;
  const plan = usePlan(id);
  const version = usePlanVersion(id, versionId);
  const agencyIndex = useAgencyIndex();
  const agencies = useMemo(() => [...agencyIndex.values()].sort((a, b) => a.code.localeCompare(b.code)), [agencyIndex]);
  if (!creating && (plan.error || version.error))
    return <Alert type="error" showIcon message={translateError(t, plan.error ?? version.error)} />;
  if (!creating && (!plan.data || !version.data)) return <Skeleton active />;
  return <PlanEditor key={versionId ?? 'new'} plan={plan.data} version={version.data} agencies={agencies} />;
}

function PlanEditor({ plan, version, agencies }: { plan?: PlanDetail; version?: PlanVersion; agencies: Agency[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const creating = !plan;
  const initial: Values = version
    ? { ...version.content, changeNote: version.status === 'approved' ? '' : version.changeNote }
    : emptyPlanContent();

  async function save() {
    setSaving(true);
    setProblems([]);
    const all = form.getFieldsValue(true) as Values;
    const body: Record<string, unknown> = Object.fromEntries(CONTENT_KEYS.map((k) => [k, all[k]]));
    if (all.changeNote) body.changeNote = all.changeNote;
    try {
      if (creating) {
        const created = await api.post<PlanDetail>('/api/plans', { ...body, code: all.code, jurisdictionId: all.jurisdictionId });
        await queryClient.invalidateQueries({ queryKey: ['plans'] });
        message.success(t('common.created'));
        navigate(`/plans/${created.id}`);
      } else {
        const saved = await api.put<PlanVersion>(`/api/plans/${plan.id}/versions/${version!.id}`, body);
        await queryClient.invalidateQueries({ queryKey: ['plans'] });
        message.success(saved.id === version!.id ? t('common.saved') : t('plans.newVersionSaved', { n: saved.version }));
        navigate(`/plans/${plan.id}?version=${saved.id}`);
      }
    } catch (error) {
      const { fields, unplaced } = formFieldErrors(t, error, FORM_FIELDS);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      const listed = [...fields.map((f) => `${f.name.join('.')}: ${f.errors.join('; ')}`), ...unplaced];
      setProblems(listed.length > 0 ? listed : [translateError(t, error)]);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Link to={plan ? `/plans/${plan.id}` : '/plans'}>
          <Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button>
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {creating
            ? t('plans.create')
            : version?.status === 'approved'
              ? t('plans.reviseTitle', { n: version.version })
              : t('plans.editTitle', { n: version?.version })}
        </Typography.Title>
      </Space>
      {version?.status === 'approved' && <Alert type="info" showIcon message={t('plans.reviseHint')} style={{ marginBottom: 16 }} />}
      {version?.status === 'returned' && version.reviewComment && (
        <Alert type="warning" showIcon message={t('plans.returnedWith')} description={version.reviewComment} style={{ marginBottom: 16 }} />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('plans.saveProblems')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={save} scrollToFirstError>
        <PlanForm form={form} agencies={agencies} creating={creating} />
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('common.save')}
        </Button>
      </Form>
    </div>
  );
}
