/**
 * The bound on a slow test or hook (synth with bundling, a chaos run, a local stack's start), in
 * milliseconds. It only catches a hang: on a shared 2-core machine under stress-ng a CDK synth hook
 * took over 200 s and single integration tests over 30 s (issue 13), and a bound that fires under
 * load is a flaky test. Assertions never depend on time; CI's own limit bounds the whole run.
 */
export const LOAD_BOUND_MS = 600_000;
