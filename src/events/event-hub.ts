import type { TicketRef } from '../core/postmortems/tracker';
import type { Run } from '../core/runs/run';

/** Typed events the core emits after its writes committed; chat, postmortems and metrics subscribe. */
export type MendbotEvent =
  /** Deliveries changed the incident (new alerts, duplicates counted, resolved, reopened, flapping). */
  | { type: 'incident_changed'; incidentId: string }
  /** A run was created, changed status, waits for approval, got a decision, or finished. */
  | { type: 'run_changed'; run: Run }
  /** The incident's postmortem was filed or updated. */
  | { type: 'postmortem_filed'; incidentId: string; ticket: TicketRef };

export interface EventHub {
  emit(event: MendbotEvent): void;
  /** Returns an unsubscribe function. A throwing listener is reported, never allowed to break the emitter. */
  on(listener: (event: MendbotEvent) => void): () => void;
}

export function createEventHub(onListenerError: (error: unknown, event: MendbotEvent) => void): EventHub {
  const listeners = new Set<(event: MendbotEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
