/**
 * Messages of the shared list export (the Export button on every list page), zh-CN first.
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const exportsMessages: FeatureMessages = {
  'zh-CN': {
    exports: {
      button: '导出',
      xlsx: 'Excel 表格（.xlsx）',
      csv: 'CSV 文本（.csv）',
      xlsxFull: 'Excel，含完整证件号码',
      csvFull: 'CSV，含完整证件号码',
      fullNote: '含完整证件号码的导出将记入审计日志',
      working: '正在导出…',
      started: '文件正在下载，请在浏览器的下载列表中查看',
      hint: '按当前筛选条件导出，仅含您权限范围内的记录',
    },
  },
  en: {
    exports: {
      button: 'Export',
      xlsx: 'Excel workbook (.xlsx)',
      csv: 'CSV text (.csv)',
      xlsxFull: 'Excel, with full ID numbers',
      csvFull: 'CSV, with full ID numbers',
      fullNote: 'An export with full ID numbers is recorded in the audit log',
      working: 'Exporting…',
      started: 'The file is downloading: see the browser’s downloads',
      hint: 'Exports the list with the current filters, only records within your scope',
    },
  },
};
