/** The benchmark's playbook: per alert, automatic, one `wait 0s` step; `matcher` decides whether it ever fires. */
export const enginePlaybook = (matcher: string) => `
name: engine-bench
description: One trivial step per alert (engine benchmark).
match: ['${matcher}']
mode: auto
per: alert
steps:
  - id: noop
    action: wait
    with: { duration: 0s }
`;
