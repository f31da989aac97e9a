import type { ComponentChildren } from 'preact';
import type { Loaded } from '../lib/hooks';
import { ErrorBox, Loading } from './common';

interface ListingProps<T> {
  readonly loaded: Loaded<T>;
  /** Shown instead of `children` when the data is an empty list. */
  readonly empty?: ComponentChildren;
  readonly children: (data: T) => ComponentChildren;
}

/**
 * What every loaded section shows: the last error (above the last good data, which stays), a
 * loading line until the first answer, the `empty` text for an empty list, else `children(data)`.
 */
export function Listing<T>({ loaded, empty, children }: ListingProps<T>) {
  const { data } = loaded;
  return (
    <>
      <ErrorBox error={loaded.error} />
      {data === undefined ? (
        <Loading />
      ) : empty !== undefined && Array.isArray(data) && data.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        children(data)
      )}
    </>
  );
}
