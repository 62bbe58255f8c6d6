import fs from 'node:fs';
import { deploymentPaths } from './deployment-paths';
import type { Json } from './k8s-objects';
import { parseYamlDocuments } from './parse-yaml-documents';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Array<{ expr?: string; refId?: string; datasource?: { type?: string; uid?: string } }>;
}

/** The Prometheus alerting rules (every rule of every group) and the Grafana dashboard, parsed. */
export function loadMonitoringAssets() {
  const rulesDocs = parseYamlDocuments(deploymentPaths.rulesFile) as Array<{ groups: Array<{ name: string; rules: Rule[] }> }>;
  const rules = rulesDocs.flatMap((d) => d.groups.flatMap((g) => g.rules));
  const dashboard = JSON.parse(fs.readFileSync(deploymentPaths.dashboardFile, 'utf8')) as Json & {
    panels: Panel[];
    schemaVersion: number;
    templating: { list: Array<Json & { name: string; type: string }> };
    uid: string;
  };
  return { rulesDocs, rules, dashboard };
}
