// The task state machine, one entrance: pending → ready → claimed → running → done | done_partial
// | failed, pause back to ready, retry while retries remain, cancel, and the lenient `done` from
// ready, claimed or running. Every status change writes its event through the triggers of the
// migrations. The transitions live by concern: taking work (claim.ts), ending it (finish.ts),
// cancelling (cancel.ts), creating tasks (new-task.ts), the shared refusals (holder.ts).
export type { Actor } from './agent';
export { insertTask, defaultLeaseSeconds, type NewTask } from './new-task';
export { claimNext, claimAndStartNext, claim, start, heartbeat, progress } from './claim';
export { done, fail, pause, retry, type DoneOptions } from './finish';
export { subtree, cancelSubtree, cancel } from './cancel';
export { promoteIfReady } from './promote';
