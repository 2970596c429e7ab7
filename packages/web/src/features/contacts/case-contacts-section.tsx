/**
 * The "Contacts" section of a case page: the case's contacts and contacts of contacts, and registering one.
 * Shown to holders of contacts.read; the add button to holders of contacts.write.
 */
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { ContactFormDialog } from './contact-form.tsx';
import { type Contact, riskColour, statusColour, useCaseContacts } from './contacts-api.ts';

export function CaseContactsSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const canRead = hasRight(me.data, RIGHTS.contactsRead);
  const list = useCaseContacts(caseId, canRead);
  if (!canRead) return null;
  return (
    <Card
      title={t('contacts.caseSection.title')}
      size="small"
      style={{ marginTop: 16 }}
      extra={hasRight(me.data, RIGHTS.contactsWrite) && <Button onClick={() => setAdding(true)}>{t('contacts.caseSection.add')}</Button>}
    >
      <Table<Contact>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('contacts.caseSection.empty') }}
        columns={[
          { title: t('contacts.list.code'), dataIndex: 'code', render: (code: string, c) => <Link to={`/contacts/${c.id}`}>{code}</Link> },
          { title: t('contacts.list.person'), dataIndex: 'personName' },
          { title: t('contacts.list.degree'), dataIndex: 'degree', render: (d: number) => t(`contacts.list.degrees.${d > 1 ? 2 : 1}`) },
          { title: t('contacts.fields.relation'), dataIndex: 'relation', render: (v: string) => t(`contacts.relations.${v}`) },
          {
            title: t('contacts.list.risk'),
            dataIndex: 'riskCategory',
            render: (v: string) => <Tag color={riskColour(v)}>{t(`contacts.risks.${v}`)}</Tag>,
          },
          { title: t('contacts.list.until'), dataIndex: 'followUpUntil' },
          {
            title: t('contacts.list.status'),
            dataIndex: 'status',
            render: (v: Contact['status']) => <Tag color={statusColour(v)}>{t(`contacts.statuses.${v}`)}</Tag>,
          },
        ]}
      />
      <ContactFormDialog open={adding} source={{ sourceCaseId: caseId }} onClose={() => setAdding(false)} />
    </Card>
  );
}
