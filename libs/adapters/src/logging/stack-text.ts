/** What a log line says of a thrown value: its stack when it has one, else the value as text. */
export function stackText(e: unknown): string {
  const stack = typeof e === 'object' && e !== null && 'stack' in e ? e.stack : undefined;
  return String(stack ?? e);
}
