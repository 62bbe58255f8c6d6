/**
 * A playbook for the kill-at-checkpoint tests: an idempotent `wait` step (`settle`, lasting `duration`), then
 * a non-idempotent http POST (`poke`) to `target`, so a test can kill the server before, during or after the
 * step that has a side effect.
 */
export const waitThenPoke = (name: string, alertname: string, target: string, duration: string) => `
name: ${name}
match: ['alertname="${alertname}"']
mode: auto
steps:
  - id: settle
    action: wait
    with: { duration: ${duration} }
  - id: poke
    action: http
    with: { method: POST, url: "${target}/poke/{{ labels.instance }}", body: { alert: "{{ labels.alertname }}" } }
`;
