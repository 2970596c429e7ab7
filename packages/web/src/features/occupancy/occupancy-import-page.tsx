/**
 * Importing daily bed occupancy as CSV or XLSX: the shared import wizard (kind 'occupancy'), all or nothing, and
 * the history of such imports.
 */
import { Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportHistory } from '../imports/import-history.tsx';
import { ImportWizard } from '../imports/import-wizard.tsx';

export function OccupancyImportPage() {
  const { t } = useTranslation();
  const [wizardKey, setWizardKey] = useState(0);
  return (
    <div>
      <Typography.Title level={3}>{t('occupancy.import')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('occupancy.replaceNote')}</Typography.Paragraph>
      <Card style={{ marginBottom: 24 }}>
        <ImportWizard key={wizardKey} kind="occupancy" />
      </Card>
      <ImportHistory kind="occupancy" onOpen={() => setWizardKey((k) => k + 1)} />
    </div>
  );
}
