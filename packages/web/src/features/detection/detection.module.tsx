/**
 * The detection feature's pages and navigation entries: signals (list and explanation), detection settings with
 * runs, and the back-test. Settings and back-test are for those who configure detection (detection.configure): a
 * township officer or a commander reads signals but has no use for the district's method parameters.
 */
import { ExperimentOutlined, RadarChartOutlined, SettingOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const SignalsPage = page(() => import('./signals-page.tsx'), 'SignalsPage');
const SignalPage = page(() => import('./signal-page.tsx'), 'SignalPage');
const DetectionSettingsPage = page(() => import('./detection-settings-page.tsx'), 'DetectionSettingsPage');
const BacktestPage = page(() => import('./backtest-page.tsx'), 'BacktestPage');

export const detectionModule: FeatureModule = {
  routes: [
    { path: 'signals', element: guarded(SignalsPage, RIGHTS.signalsRead) },
    { path: 'signals/:id', element: guarded(SignalPage, RIGHTS.signalsRead) },
    { path: 'detection/settings', element: guarded(DetectionSettingsPage, RIGHTS.detectionConfigure) },
    { path: 'detection/backtest', element: guarded(BacktestPage, RIGHTS.detectionConfigure) },
  ],
  nav: [
    {
      key: 'signals',
      path: '/signals',
      module: 'detection',
      right: RIGHTS.signalsRead,
      label: 'detection.nav.signals',
      group: 'nav.surveillance',
      icon: <RadarChartOutlined />,
    },
    {
      key: 'detection-settings',
      path: '/detection/settings',
      module: 'detection',
      right: RIGHTS.detectionConfigure,
      label: 'detection.nav.settings',
      group: 'nav.surveillance',
      icon: <SettingOutlined />,
    },
    {
      key: 'detection-backtest',
      path: '/detection/backtest',
      module: 'detection',
      right: RIGHTS.detectionConfigure,
      label: 'detection.nav.backtest',
      group: 'nav.surveillance',
      icon: <ExperimentOutlined />,
    },
  ],
};
