/**
 * Inputs for a method's parameters, one per parameter the method takes (its defaults say which and of what
 * kind): numbers, switches, choices as text, and lists or "null" as JSON. The server checks the values by
 * running the method and names the parameter in its error.
 */
import { Input, InputNumber, Space, Switch, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { parameterExplanation, parameterLabel } from '@outbreak/surveillance/labels';
import { formatParameter } from './detection-api.ts';

interface ParameterEditorProps {
  defaults: Record<string, unknown>;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** field errors from the server, by parameter name */
  errors?: Record<string, string>;
  idPrefix?: string;
}

/** Reads a JSON-ish text field back: numbers, null, lists; anything else stays text. */
function parseLoose(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

export function ParameterEditor({ defaults, value, onChange, errors = {}, idPrefix = 'param' }: ParameterEditorProps) {
  const { t, i18n } = useTranslation();
  const names = Object.keys(defaults);
  if (names.length === 0) return <Typography.Text type="secondary">{t('detection.params.none')}</Typography.Text>;
  const set = (name: string, next: unknown) => onChange({ ...value, [name]: next });
  return (
    <Space wrap size={[16, 8]} align="start">
      {names.map((name) => {
        const fallback = defaults[name];
        const current = name in value ? value[name] : fallback;
        // the shared catalogue's label and one-line explanation; the code stays in the tooltip for whoever reads R
        const help = parameterExplanation(name, i18n.language);
        const label = (
          <Tooltip title={`${help ? `${help} ` : ''}(${name})`}>
            <Typography.Text style={{ fontSize: 12 }} data-param={name}>
              {parameterLabel(name, i18n.language)}
            </Typography.Text>
          </Tooltip>
        );
        const error = errors[name];
        let input;
        if (typeof fallback === 'number') {
          input = (
            <InputNumber
              id={`${idPrefix}-${name}`}
              aria-label={parameterLabel(name, i18n.language)}
              value={typeof current === 'number' ? current : null}
              onChange={(v) => set(name, v ?? fallback)}
              status={error ? 'error' : undefined}
              style={{ width: 120 }}
              step={Math.abs(fallback) < 1 && fallback !== 0 ? 0.05 : 1}
            />
          );
        } else if (typeof fallback === 'boolean') {
          input = (
            <Switch
              id={`${idPrefix}-${name}`}
              aria-label={parameterLabel(name, i18n.language)}
              checked={Boolean(current)}
              onChange={(v) => set(name, v)}
            />
          );
        } else {
          input = (
            <Input
              id={`${idPrefix}-${name}`}
              aria-label={parameterLabel(name, i18n.language)}
              defaultValue={formatParameter(current)}
              onBlur={(e) => set(name, parseLoose(e.target.value))}
              status={error ? 'error' : undefined}
              style={{ width: 140 }}
            />
          );
        }
        return (
          <div key={name} style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            {label}
            {input}
            {error && (
              <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 220 }}>
                {error}
              </Typography.Text>
            )}
          </div>
        );
      })}
    </Space>
  );
}

/** The server's field errors under `parameters.<name>`, by name. */
export function parameterErrors(issues: Array<{ path: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) if (issue.path.startsWith('parameters.')) out[issue.path.slice('parameters.'.length)] = issue.message;
  return out;
}
