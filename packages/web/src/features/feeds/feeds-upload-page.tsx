/**
 * Uploading feed values as CSV or XLSX: the import wizard with the feeds' simpler columns (date, site or
 * jurisdiction code, feed type, value, denominator), all or nothing, and the history of such uploads.
 */
import { Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportHistory } from '../imports/import-history.tsx';
import { ImportWizard } from '../imports/import-wizard.tsx';

export function FeedsUploadPage() {
  const { t } = useTranslation();
  const [wizardKey, setWizardKey] = useState(0);
  return (
    <div>
      <Typography.Title level={3}>{t('feeds.uploadTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('feeds.uploadIntro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 24 }}>
        <ImportWizard key={wizardKey} kind="feeds" />
      </Card>
      <ImportHistory kind="feeds" onOpen={() => setWizardKey((k) => k + 1)} />
    </div>
  );
}
