import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formFieldErrors, translateError } from './errors.ts';

/**
 * Submits a form through `save` and puts the server's answer where the user looks for it:
 * `validation_failed` issues beside their fields, anything else (conflict, forbidden …) above the form.
 * One save at a time: a second submit while one is in flight (Enter in a field, then a click on Save) is
 * ignored, and the form counts as saving until `onSaved` has finished. A "new" form that goes to the created
 * record passes `{ leavesAfterSave: true }`: it stays locked after a successful save, because the router may keep
 * showing it for a moment (a transition) and a Save pressed then created the record twice (seen in e2e: Enter in
 * the date picker submitted, the click on Save a moment later made a second review).
 *
 * @example
 * const { submit, saving, formError } = useFormSave(form, ['name', 'code'], (values) => api.post('/api/agencies', values), onSaved);
 * <Form form={form} onFinish={submit}>
 */
export function useFormSave<V, R>(
  form: FormInstance<V>,
  fields: readonly string[],
  save: (values: V) => Promise<R>,
  onSaved: (result: R) => void | Promise<void>,
  options: { leavesAfterSave?: boolean } = {},
) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const inFlight = useRef(false);

  async function submit(values: V) {
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    setFormError(null);
    let leaving = false;
    try {
      const result = await save(values);
      await onSaved(result);
      leaving = options.leavesAfterSave === true;
    } catch (error) {
      const { fields: placed, unplaced } = formFieldErrors(t, error, fields);
      form.setFields(placed as Parameters<FormInstance<V>['setFields']>[0]);
      setFormError(placed.length > 0 ? (unplaced.length > 0 ? unplaced.join('; ') : null) : translateError(t, error));
    } finally {
      if (!leaving) {
        inFlight.current = false;
        setSaving(false);
      }
    }
  }

  return { submit, saving, formError, clearError: () => setFormError(null) };
}
