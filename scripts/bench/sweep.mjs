// The server goal is "p99 ≤ 10 ms at saturation". A closed-loop load generator with c connections
// measures p99 ≥ c / throughput once the server is saturated (Little's law): past that point more connections
// only queue, so one fixed c answers either "not saturated" (too few) or "how long is the queue" (too many).
// This sweep doubles the connections and reports every step; saturation is the first step whose throughput
// is within SATURATED_SHARE of the best step's, and its p99 is the figure the goal is read against.
import { load } from './load.mjs';

/** Connection counts of the sweep, doubling: from one request at a time to well past the server's concurrency. */
export const SWEEP_CONNECTIONS = [1, 2, 4, 8, 16, 32];

/**
 * The share of the best step's throughput from which the server counts as saturated: steps that add
 * connections past it gain less than this, so the extra latency they show is waiting in a queue.
 */
export const SATURATED_SHARE = 0.95;

/** The first step of `steps` (in sweep order) whose req/s is within `SATURATED_SHARE` of the best; null if none ran. */
export function saturation(steps) {
  const ran = steps.filter((s) => typeof s.rps === 'number' && s.rps > 0);
  if (!ran.length) return null;
  const best = Math.max(...ran.map((s) => s.rps));
  return ran.find((s) => s.rps >= SATURATED_SHARE * best) ?? null;
}

/**
 * Runs `load` at each of `SWEEP_CONNECTIONS` against `url` with `opts` (as `load` takes them) and returns
 * `{ steps, saturated }`: every step's figures with its `connections`, and the saturation step.
 */
export function sweep(tools, url, opts, log = () => {}) {
  const steps = [];
  for (const connections of SWEEP_CONNECTIONS) {
    log(connections);
    // wrk needs at least as many connections as threads.
    const threads = Math.min(opts.threads ?? 2, connections);
    const r = load(tools, url, { ...opts, connections, threads });
    if (!r) break;
    steps.push({ connections, ...r });
  }
  return { steps, saturated: saturation(steps) };
}
