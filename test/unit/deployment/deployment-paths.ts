import path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const monitoringDir = path.join(root, 'integrations', 'prometheus', 'monitoring');

/** Where the deployment assets live: Kubernetes manifests, and the Prometheus rules and Grafana dashboard. */
export const deploymentPaths = {
  root,
  deployDir: path.join(root, 'integrations', 'kubernetes', 'deploy'),
  dockerfile: path.join(root, 'Dockerfile'),
  monitoringDir,
  rulesFile: path.join(monitoringDir, 'mendbot-alerts.rules.yaml'),
  dashboardFile: path.join(monitoringDir, 'mendbot-dashboard.json'),
};
