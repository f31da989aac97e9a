/** One sample of the Prometheus text format. Labels are kept in a Map (names come from the server). */
export interface Sample {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Parses `/metrics` text (exposition format 0.0.4); comment and malformed lines are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line.trim());
    if (!m) continue;
    const labels = new Map<string, string>();
    for (const l of (m.at(2) ?? '').matchAll(LABEL)) labels.set(l[1], unescape(l[2]));
    out.push({ name: m[1], labels, value: parseValue(m[3]) });
  }
  return out;
}

/** Samples of one metric (all label sets). */
export function samplesOf(samples: readonly Sample[], name: string): Sample[] {
  return samples.filter((s) => s.name === name);
}

/** The value of an unlabelled metric, or the sum over its label sets; undefined when absent. */
export function total(samples: readonly Sample[], name: string): number | undefined {
  const found = samplesOf(samples, name);
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

/** Samples grouped by one label's value (e.g. `source`), for a table of counters per source. */
export function byLabel(samples: readonly Sample[], prefix: string, label: string): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const s of samples) {
    if (!s.name.startsWith(prefix)) continue;
    const key = s.labels.get(label);
    if (key === undefined) continue;
    const group = groups.get(key) ?? new Map<string, number>();
    group.set(s.name, (group.get(s.name) ?? 0) + s.value);
    groups.set(key, group);
  }
  return groups;
}
