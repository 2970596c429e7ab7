/**
 * The risk matrix (likelihood × consequence → warning level), as served by GET /api/alerts/risk-matrix: a 5 × 5
 * grid of coloured cells. In the characterisation form a click on a cell picks both ratings; the chosen cell is
 * outlined.
 */
import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { type RiskMatrix, type WarningLevel, useRiskMatrix } from './alerts-api.ts';

const CELL_COLOURS: Record<WarningLevel, string> = { red: '#ff4d4f', orange: '#fa8c16', yellow: '#fadb14', blue: '#1677ff' };

export function RiskMatrixGrid({
  matrix,
  selected,
  onPick,
}: {
  matrix: RiskMatrix;
  selected?: { likelihood?: number; consequence?: number };
  onPick?: (likelihood: number, consequence: number) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <table data-testid="risk-matrix" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 12 }}>
        <thead>
          <tr>
            <th style={{ padding: 4, textAlign: 'left' }}>{t('alerts.matrix.likelihoodAxis')}</th>
            {matrix.consequences.map((c) => (
              <th key={c.value} style={{ padding: 4 }}>
                {c.value} {localName(c, i18n.language)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...matrix.likelihoods].reverse().map((l) => (
            <tr key={l.value}>
              <th style={{ padding: 4, textAlign: 'left' }}>
                {l.value} {localName(l, i18n.language)}
              </th>
              {matrix.consequences.map((c) => {
                const level = matrix.cells[l.value - 1]![c.value - 1]!;
                const chosen = selected?.likelihood === l.value && selected?.consequence === c.value;
                return (
                  <td
                    key={c.value}
                    data-cell={`${l.value}x${c.value}`}
                    data-level={level}
                    onClick={onPick ? () => onPick(l.value, c.value) : undefined}
                    // Pickable by keyboard too: a tab stop per cell, Enter or Space picks it.
                    tabIndex={onPick ? 0 : undefined}
                    onKeyDown={
                      onPick
                        ? (event) => {
                            if (event.key === 'Enter' || event.key === ' ') {
                              event.preventDefault();
                              onPick(l.value, c.value);
                            }
                          }
                        : undefined
                    }
                    style={{
                      background: CELL_COLOURS[level],
                      color: level === 'yellow' ? '#000' : '#fff',
                      textAlign: 'center',
                      padding: 6,
                      cursor: onPick ? 'pointer' : undefined,
                      outline: chosen ? '3px solid #000' : undefined,
                      outlineOffset: -3,
                      border: '1px solid #fff',
                    }}
                    title={t(`alerts.levels.${level}`)}
                  >
                    {l.value * c.value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('alerts.matrix.legend')}
      </Typography.Paragraph>
    </div>
  );
}

/** A button opening the matrix for reference. */
export function RiskMatrixButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const matrix = useRiskMatrix();
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('alerts.matrix.open')}
      </Button>
      <Modal open={open} title={t('alerts.matrix.title')} footer={null} onCancel={() => setOpen(false)} width={640}>
        {matrix.data && <RiskMatrixGrid matrix={matrix.data} />}
      </Modal>
    </>
  );
}
