import type { Api } from './api';

/** Saves a Blob under a file name through a temporary object URL (the browser's download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads an authenticated file: a plain link cannot carry the bearer token, so the file is
 * fetched with it and handed to the browser as a Blob (fine for what a console moves; for large
 * snapshots the page shows the equivalent curl command).
 */
export async function downloadWithToken(api: Api, path: string, fileName: string): Promise<void> {
  const res = await api.fetch(path);
  saveBlob(await res.blob(), fileName);
}
