import { Spin } from 'antd';

/** Centred loading indicator for a page or chunk that is on its way. */
export function PageSpinner() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '96px 0' }}>
      <Spin size="large" />
    </div>
  );
}
