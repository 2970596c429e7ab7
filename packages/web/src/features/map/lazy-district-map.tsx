import { Skeleton } from 'antd';
import { Suspense, lazy } from 'react';
import type { DistrictMapProps } from './district-map.tsx';

// MapLibre (~1 MB) is fetched only when a page actually shows a map.
const DistrictMap = lazy(async () => ({ default: (await import('./district-map.tsx')).DistrictMap }));

export function LazyDistrictMap(props: DistrictMapProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 420 }} />}>
      <DistrictMap {...props} />
    </Suspense>
  );
}
