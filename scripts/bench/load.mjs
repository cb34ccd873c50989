// Load generation on loopback with wrk (Debian package) or, failing that, oha: fixed duration, bounded
// connections, throughput and latency percentiles as the tool reports them.
import { execFileSync } from 'node:child_process';

/** wrk prints `1.23ms`, `850.00us`, `1.02s`: → milliseconds. */
function ms(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]);
  return { us: v / 1000, ms: v, s: v * 1000, m: v * 60000 }[m[2]];
}

function runWrk(wrk, url, { seconds, connections, threads, headers = {}, script = null }) {
  const extra = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  if (script) extra.push('-s', script);
  const out = execFileSync(
    wrk,
    [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', ...extra, url],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out);
    return m ? ms(m[1]) : null;
  };
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    tool: 'wrk',
    command: `wrk -t${threads} -c${connections} -d${seconds}s --latency${Object.entries(headers).map(([k, v]) => ` -H '${k}: ${v}'`).join('')}${script ? ` -s ${script}` : ''} <url>`,
    requests: num(/(\d+) requests in/),
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50_ms: pct(50),
    p90_ms: pct(90),
    p99_ms: pct(99),
    non_2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socket_errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

function runOha(oha, url, { seconds, connections, headers = {}, script = null }) {
  // oha has no per-request scripts: the render-path runs (every URL new) need wrk.
  if (script) return null;
  const extra = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const out = execFileSync(
    oha,
    ['-z', `${seconds}s`, '-c', String(connections), '--no-tui', '--output-format', 'json', ...extra, url],
    { encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  const j = JSON.parse(out);
  const p = j.latencyPercentiles ?? {};
  const codes = j.statusCodeDistribution ?? {};
  const total = Object.values(codes).reduce((a, b) => a + b, 0);
  return {
    tool: 'oha',
    command: `oha -z ${seconds}s -c ${connections} --no-tui <url>`,
    requests: total,
    rps: j.summary?.requestsPerSec ?? null,
    p50_ms: p.p50 != null ? p.p50 * 1000 : null,
    p90_ms: p.p90 != null ? p.p90 * 1000 : null,
    p99_ms: p.p99 != null ? p.p99 * 1000 : null,
    non_2xx: total - (codes['200'] ?? 0),
    socket_errors: Object.values(j.errorDistribution ?? {}).reduce((a, b) => a + b, 0),
  };
}

/** Runs the load against `url`; `tools` = `{ wrk, oha }` paths (either may be empty). */
export function load(tools, url, opts) {
  if (tools.wrk) return runWrk(tools.wrk, url, opts);
  if (tools.oha) return runOha(tools.oha, url, opts);
  return null;
}
