/**
 * The one date picker of the app (issue 12, item 11): antd's DatePicker in the district's time, with the
 * formatter's formats, for every form.
 *
 * - **With `showTime`** the value is an instant (a dayjs, as before: `values.dueAt.toISOString()` still works).
 *   The field shows and takes the district's clock, so 09:20 typed in New York is 09:20 in the district.
 * - **Without** it the value is a calendar day (a dayjs at local midnight; read it with `format('YYYY-MM-DD')`
 *   or give it `dayValue('2026-12-07')`).
 * - "Now", "today" and the highlighted day are the district's (`getNow` below), and `notFuture` disables the
 *   days after the district's today.
 *
 * ```tsx
 * <Form.Item name="dueAt" label={t('tasks.due')}><DistrictDatePicker showTime /></Form.Item>
 * <Form.Item name="onsetDate"><DistrictDatePicker notFuture /></Form.Item>
 * <DistrictRangePicker value={[dayValue(from), dayValue(to)]} onChange={…} />
 * ```
 */
// antd builds its DatePicker from this config; the same one, with the district's "now", builds ours.
import dayjsGenerateConfig from '@rc-component/picker/generate/dayjs';
import { DatePicker, type DatePickerProps } from 'antd';
import type { RangePickerProps } from 'antd/es/date-picker';
import dayjs, { type Dayjs } from 'dayjs';
import { PICKER_DATE_FORMAT, PICKER_DATE_TIME_FORMAT } from './dates.ts';
import { fromDistrictWall, isAfterDistrictToday, toDistrictWall } from './district-dayjs.ts';

const DistrictPicker = DatePicker.generatePicker<Dayjs>({ ...dayjsGenerateConfig, getNow: () => toDistrictWall(dayjs()) });

type SingleProps = Omit<DatePickerProps, 'value' | 'defaultValue' | 'onChange' | 'multiple'> & {
  value?: Dayjs | null;
  defaultValue?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  /** Days after the district's today cannot be picked (onset, birth, diagnosis). */
  notFuture?: boolean;
};

export function DistrictDatePicker({
  value,
  defaultValue,
  onChange,
  notFuture,
  showTime,
  format,
  disabledDate,
  minDate,
  maxDate,
  ...rest
}: SingleProps) {
  const timed = Boolean(showTime);
  // Instants go to the picker as the district's wall clock and come back as instants; calendar days pass as they are.
  const shown = (d: Dayjs | null | undefined) => (timed && d ? toDistrictWall(d) : d);
  const disabled = (day: Dayjs, info: Parameters<NonNullable<DatePickerProps['disabledDate']>>[1]) =>
    (notFuture === true && isAfterDistrictToday(day)) || (disabledDate?.(timed ? fromDistrictWall(day) : day, info) ?? false);
  return (
    <DistrictPicker
      {...rest}
      value={shown(value)}
      defaultValue={shown(defaultValue)}
      minDate={shown(minDate) ?? undefined}
      maxDate={shown(maxDate) ?? undefined}
      showTime={timed ? { format: 'HH:mm', ...(typeof showTime === 'object' ? showTime : {}) } : false}
      format={format ?? (timed ? PICKER_DATE_TIME_FORMAT : PICKER_DATE_FORMAT)}
      disabledDate={notFuture || disabledDate ? disabled : undefined}
      onChange={(picked) => onChange?.(timed && picked ? fromDistrictWall(picked) : (picked ?? null))}
    />
  );
}

type RangeProps = Omit<RangePickerProps, 'showTime'> & { notFuture?: boolean };

/** A range of calendar days (list filters, back-tests, rosters), with the district's today. */
export function DistrictRangePicker({ notFuture, disabledDate, format, ...rest }: RangeProps) {
  return (
    <DistrictPicker.RangePicker
      {...rest}
      format={format ?? PICKER_DATE_FORMAT}
      disabledDate={
        notFuture || disabledDate
          ? (day, info) => (notFuture === true && isAfterDistrictToday(day)) || (disabledDate?.(day, info) ?? false)
          : undefined
      }
    />
  );
}
