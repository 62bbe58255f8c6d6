import { makeAlertmanagerBodies, type BodyShape } from '../alertmanager-bodies';
import { intakeSettings } from './intake-settings';

/** For bare express, which stores nothing, a small pool is cycled. */
export function cyclingBodies(shape: BodyShape, size: number): () => Buffer {
  const pool = makeAlertmanagerBodies(`${intakeSettings.runId}bare`, 0, size, shape).map((b) => b.body);
  let i = 0;
  return () => pool[i++ % pool.length]!;
}
