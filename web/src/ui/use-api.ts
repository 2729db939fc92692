/** Loads one GET endpoint for a view; `unavailable` when this kernel has no such route (404 NOT_FOUND). */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api/http';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | Error | null;
  unavailable: boolean;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ data: null, error: null, unavailable: false, loading: true });
  const [n, setN] = useState(0);
  const reload = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path).then(
      (data) => live && setState({ data, error: null, unavailable: false, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          data: null,
          error: error as Error,
          unavailable: error instanceof ApiError && error.unavailable,
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [path, n]);
  return { ...state, reload };
}
