/**
 * The SDKs' shared `Request` (wme-sdk-go `pkg/api/api.go`; wme-sdk-python `modules/api/api_client.py`),
 * serialised the way each SDK does: members omitted when empty, in the SDK's own order.
 */
export interface WmeFilter {
  readonly field: string;
  readonly value: unknown;
}

export interface WmeRequest {
  readonly since?: Date;
  readonly fields?: readonly string[];
  readonly filters?: readonly WmeFilter[];
  readonly limit?: number;
  readonly parts?: readonly number[];
  /** partition -> offset */
  readonly offsets?: ReadonlyMap<number, number>;
  /** partition -> date_published */
  readonly sincePerPartition?: ReadonlyMap<number, Date>;
}

/** Go's time.Time MarshalJSON: RFC 3339 with nanoseconds, trailing zeros trimmed. */
function goTime(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

/** Python's datetime.isoformat() of an aware UTC datetime: `+00:00`, microseconds when non-zero. */
function pythonIso(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return `${d.toISOString().slice(0, 19)}${ms ? `.${String(ms * 1000).padStart(6, '0')}` : ''}+00:00`;
}

/** Go `json.Marshal(req)`: omitempty members; map keys are the partition numbers as strings. */
export function goBody(r: WmeRequest | undefined): Buffer {
  if (!r) return Buffer.alloc(0); // nil request: empty body
  const out: Record<string, unknown> = {};
  if (r.since) out.since = goTime(r.since);
  if (r.fields?.length) out.fields = r.fields;
  if (r.filters?.length) out.filters = r.filters;
  if (r.limit) out.limit = r.limit;
  if (r.parts?.length) out.parts = r.parts;
  if (r.offsets?.size) out.offsets = Object.fromEntries([...r.offsets].sort((a, b) => a[0] - b[0]));
  if (r.sincePerPartition?.size)
    out.since_per_partition = Object.fromEntries([...r.sincePerPartition].map(([k, v]) => [k, goTime(v)]));
  return Buffer.from(JSON.stringify(out));
}

/** Python `Request.to_json()` sent with httpx `json=`: `None`/empty members dropped. */
export function pythonBody(r: WmeRequest | undefined): Buffer {
  const req = r ?? {};
  const out: Record<string, unknown> = {};
  if (req.since) out.since = pythonIso(req.since);
  if (req.fields?.length) out.fields = req.fields;
  if (req.filters?.length) out.filters = req.filters;
  if (req.limit !== undefined) out.limit = req.limit;
  if (req.parts?.length) out.parts = req.parts;
  if (req.offsets?.size) out.offsets = Object.fromEntries(req.offsets);
  if (req.sincePerPartition?.size)
    out.since_per_partition = Object.fromEntries([...req.sincePerPartition].map(([k, v]) => [String(k), pythonIso(v)]));
  return Buffer.from(JSON.stringify(out));
}
