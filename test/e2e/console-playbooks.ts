/**
 * The playbooks the console e2e test (console.test.ts) loads from a temp PLAYBOOKS_DIR, acting on a counting
 * HTTP target at `t`. Every step that acts asks the real Alertmanager whether the alert still fires
 * (ALERTMANAGER_URL is set), so every alert of that test goes through Alertmanager.
 */
export function consolePlaybooks(t: string): Record<string, string> {
  return {
    'clean-disk.yaml': `
name: clean-disk
match: ['alertname="DiskFull"']
mode: auto
steps:
  - id: rotate_logs
    action: http
    with: { method: POST, url: "${t}/rotate?key={{ secrets.deploy_token }}", headers: { Authorization: "Bearer {{ secrets.deploy_token }}" } }
    compensate:
      - action: http
        with: { method: POST, url: "${t}/restore" }
  - id: shrink_volume
    action: http
    with: { method: POST, url: "${t}/shrink?key={{ secrets.deploy_token }}" }
`,
    'restart-checkout.yaml': `
name: restart-checkout
match: ['alertname="CheckoutDown"']
mode: approval
approvers: [otto, ada]
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${t}/restart" }
`,
    'drain-node.yaml': `
name: drain-node
match: ['alertname="NodeUnhealthy"']
mode: auto
steps:
  - id: cordon
    action: http
    with: { method: POST, url: "${t}/cordon" }
  - id: settle
    action: wait
    with: { duration: 3s }
  - id: drain
    action: http
    with: { method: POST, url: "${t}/drain" }
`,
  };
}
