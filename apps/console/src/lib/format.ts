/** `12:03:45` in the viewer's time zone for today, else `2026-11-26 12:03`. */
export function shortTime(iso: string | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time.slice(0, 5)}`;
}

/** `3 min`, `2 h`, `5 d` between two instants. */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** Namespace names for the ids Wikipedia uses most (the API's /v2/namespaces names the rest). */
export const NAMESPACE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Article'],
  [1, 'Talk'],
  [2, 'User'],
  [3, 'User talk'],
  [4, 'Project'],
  [6, 'File'],
  [10, 'Template'],
  [14, 'Category'],
]);

export function namespaceLabel(id: number): string {
  const name = NAMESPACE_NAMES.get(id);
  return name ? `${id} · ${name}` : String(id);
}
