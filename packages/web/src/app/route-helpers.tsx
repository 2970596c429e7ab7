/**
 * Helpers for declaring pages: each page is its own chunk (`page`), shown behind a right check with a spinner
 * while it loads (`guarded`). Used by router.tsx and by every feature's `<feature>.module.tsx`.
 */
import { type ComponentType, type LazyExoticComponent, Suspense, lazy } from 'react';
import { RequireRight } from './guards.tsx';
import { PageSpinner } from './page-spinner.tsx';

/** A lazily loaded page: a user who only opens the agency list never downloads the map or charts. */
export function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

export const pageFallback = <PageSpinner />;

/** The page behind a right check (null: any signed-in user), with a spinner while its chunk loads. */
export function guarded(Page: ComponentType, right: string | null) {
  return (
    <RequireRight right={right}>
      <Suspense fallback={pageFallback}>
        <Page />
      </Suspense>
    </RequireRight>
  );
}
