/**
 * The seam that lets an injected fault kill a send-worker invocation (issue 8, local mode only).
 *
 * `runCrashable` runs one invocation inside an AsyncLocalStorage context. When a fault crashes
 * it, the invocation's promise rejects at once (the queue sees a dead Lambda and redelivers the
 * whole batch) and every SDK call the invocation makes afterwards never returns, so nothing it
 * had in flight settles a row or advances an enrollment: the same as a process that died.
 * Nothing in production calls this; the chaos harness wraps the local queue's worker with it.
 *
 * @example
 * const worker = stack.queue.worker;
 * stack.queue.worker = (event) => runCrashable(() => worker(event));
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class WorkerCrashed extends Error {
  constructor() {
    super('The send worker was killed by an injected fault');
    this.name = 'WorkerCrashed';
  }
}

export interface Invocation {
  readonly crashed: boolean;
  crash(): void;
}

const current = new AsyncLocalStorage<Invocation>();

export const runCrashable = <T>(invoke: () => Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let crashed = false;
    const invocation: Invocation = {
      get crashed() {
        return crashed;
      },
      crash: () => {
        if (crashed) return;
        crashed = true;
        reject(new WorkerCrashed());
      },
    };
    current.run(invocation, () => {
      invoke().then(resolve, reject);
    });
  });

/** The invocation the current async context belongs to, when it runs under runCrashable. */
export const currentInvocation = (): Invocation | undefined => current.getStore();

/** What a dead process's pending calls do: never answer. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});
