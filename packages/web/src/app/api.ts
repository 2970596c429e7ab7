import { QueryClient } from '@tanstack/react-query';
import { ApiError, createApiClient } from '../api/client.ts';
import { typedClient } from '../api/typed-client.ts';

/** Server state cache for the whole app. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retrying a 4xx only delays the error screen; network blips and 5xx get one more try.
      retry: (failureCount, error) => failureCount < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
  },
});

/** The app's API client: a 401 anywhere (expired session) clears the cached user, which shows sign-in. */
export const api = createApiClient({
  onUnauthenticated: () => {
    queryClient.setQueryData(['me'], null);
  },
});

/** The same client, typed by the generated schema: paths, parameters, bodies and answers (api/typed-client.ts). */
export const typedApi = typedClient(api);
