/** The playbooks and names alertmanager-safety.test.ts runs with: one alertname per scenario. */
export const safetyNames = {
  SILENCED: 'E2ESilenceWhileFixing',
  GONE_WHILE_WAITING: 'E2EGoneWhileWaiting',
  LOST_FIRING: 'E2ELostFiring',
  LOST_RESOLVED: 'E2ELostResolved',
  BLIND: 'E2EAlertmanagerDown',
  APPROVER: 'U0E2EAPPROVER',
} as const;

/** File name → YAML: one playbook per scenario, each matching its own alertname. */
export const safetyPlaybooks = (targetUrl: string): Record<string, string> => ({
  'silence.yaml': `name: silence-while-fixing
mode: auto
match: ['alertname="${safetyNames.SILENCED}"']
steps:
  - id: silence
    action: alertmanager.silence
    with: { duration: 10m, comment: "e2e: restarting" }
  - id: hold
    action: wait
    with: { duration: 2s }
  - id: restart
    action: http
    with: { method: POST, url: "${targetUrl}/silenced/restart" }
`,
  'gone.yaml': `name: restart-after-approval
mode: approval
approvers: ["${safetyNames.APPROVER}"]
still_firing: true
match: ['alertname="${safetyNames.GONE_WHILE_WAITING}"']
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${targetUrl}/gone/restart" }
`,
  'blind.yaml': `name: restart-unless-blind
mode: approval
approvers: ["${safetyNames.APPROVER}"]
match: ['alertname="${safetyNames.BLIND}"']
steps:
  - id: restart
    action: http
    still_firing: true
    on_unknown: stop
    with: { method: POST, url: "${targetUrl}/blind/restart" }
`,
});
