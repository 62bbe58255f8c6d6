import { makeAlertmanagerBodies, type GeneratedBody } from '../alertmanager-bodies';
import { engineSettings } from './engine-settings';

let nextSeq = 0;

/** `count` webhook bodies never sent before in this run, each a group of `alertsPerReq` alerts. */
export function engineBodies(count: number): GeneratedBody[] {
  const out = makeAlertmanagerBodies(engineSettings.benchId, nextSeq, count, { alerts: engineSettings.alertsPerReq });
  nextSeq += count;
  return out;
}
