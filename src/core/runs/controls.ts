/** Who stopped automation, why and when (the kill switch or one playbook's pause). */
export interface ControlEntry {
  by: string;
  reason: string;
  at: string;
}

export interface Controls {
  killSwitch: ControlEntry | null;
  paused: Record<string, ControlEntry>;
}
