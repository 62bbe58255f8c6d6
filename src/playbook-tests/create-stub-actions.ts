import type { AnyAction } from '../engine/action';
import { createActionRegistry, type ActionRegistry } from '../engine/create-action-registry';
import { PermanentStepError, TransientStepError } from '../engine/step-errors';
import type { PlaybookTestFile } from './playbook-test-file';

type Stubs = PlaybookTestFile['cases'][number]['stubs'];
type StubResult = Extract<Stubs[string], { result: string }>;

/** The approval gate is engine logic (suspend, then pass or fail on the stored decision), not a side effect: kept real. */
const realActions = new Set(['approval']);

/**
 * The real registry's actions with their real names, input schemas, idempotency and targets, so a `with:`
 * that fails validation fails in a test too, but with `execute` replaced by the case's stub: the result
 * given for the step id, else for the action name, else success with an empty output. A list gives one
 * result per attempt, the last one repeating. Nothing reaches the outside world.
 */
export function createStubActions(
  real: ActionRegistry,
  stubs: Stubs,
  /** The playbook step id of a run's step state (recovery states have ids of their own). */
  stepIdOf: (runId: string, stateId: string) => Promise<string | undefined>,
): ActionRegistry {
  const actions = [...real.names()].map((name): AnyAction => {
    const action = real.get(name)!;
    if (realActions.has(name)) return action;
    return {
      name,
      description: action.description,
      input: action.input,
      idempotent: action.idempotent,
      target: action.target,
      async execute(_input, ctx) {
        const stepId = (await stepIdOf(ctx.runId, ctx.stepId)) ?? ctx.stepId;
        const given = stubs[stepId] ?? stubs[name];
        const list: StubResult[] = given === undefined ? [] : Array.isArray(given) ? given : [given];
        const stub = list[Math.min(ctx.attempt, list.length) - 1] ?? { result: 'succeed', output: {} };
        if (stub.result === 'succeed') return stub.output;
        if (stub.result === 'fail') throw stub.retryable ? new TransientStepError(stub.message) : new PermanentStepError(stub.message);
        // A timeout: never answer; the step's timeout (shortened by the runner) aborts the attempt.
        return new Promise<never>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted')), { once: true });
        });
      },
    };
  });
  return createActionRegistry(actions, { secrets: real.secrets });
}
