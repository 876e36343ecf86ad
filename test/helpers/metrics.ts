/** Scraping GET /metrics as Prometheus does, parsed by a Prometheus text-format parser, and reading samples. */
import parsePrometheusTextFormat, { type MetricFamily, type Sample } from "parse-prometheus-text-format";

export const METRICS_TOKEN = "metrics-token-0123456789abcdef";

export type Scraped = {
  status: number;
  contentType: string | null;
  text: string;
  /** The families as the text declares them (name, HELP, TYPE). */
  families: MetricFamily[];
  /**
   * The same text with histograms read as their plain series (`_bucket`, `_count`, `_sum`): the parser
   * merges a histogram's label sets into one, so a histogram's count per label set is read from these.
   */
  series: MetricFamily[];
};

export async function scrape(base: string, token: string | null = METRICS_TOKEN): Promise<Scraped> {
  const res = await fetch(`${base}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const ok = res.status === 200;
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    text,
    families: ok ? parsePrometheusTextFormat(text) : [],
    series: ok ? parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, "# TYPE $1 untyped")) : [],
  };
}

const matches = (sample: Sample, labels: Record<string, string>) =>
  Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v);

/**
 * A counter's or gauge's value, summed over the samples whose labels include `labels`; for a histogram,
 * how many observations it counted (its `_count`).
 */
export function sampled(scraped: Scraped, name: string, labels: Record<string, string> = {}): number {
  const family = scraped.families.find((f) => f.name === name);
  if (!family) throw new Error(`${name} is not in the scrape`);
  const seriesName = family.type === "HISTOGRAM" ? `${name}_count` : name;
  const series = scraped.series.find((f) => f.name === seriesName);
  return (series?.metrics ?? []).filter((s) => matches(s, labels)).reduce((sum, s) => sum + Number(s.value), 0);
}

/** Every label value in the scrape, to prove none carries a person, a secret, a hint or a client id. */
export const labelValues = (scraped: Scraped): string[] =>
  scraped.series.flatMap((f) => f.metrics.flatMap((s) => Object.values(s.labels ?? {})));
