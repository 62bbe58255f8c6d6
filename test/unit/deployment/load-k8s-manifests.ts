import fs from 'node:fs';
import path from 'node:path';
import { deploymentPaths } from './deployment-paths';
import type { Deployment, K8sObject } from './k8s-objects';
import { parseYamlDocuments } from './parse-yaml-documents';

/**
 * The Kubernetes manifests parsed, plus the objects the tests look at most: what `kubectl apply -k` applies
 * (the files kustomization.yaml lists), mendbot's Deployment, its pod spec and container, and the example
 * Secret (which kustomization.yaml deliberately does not list).
 */
export function loadK8sManifests() {
  const { deployDir } = deploymentPaths;
  const manifestFiles = fs
    .readdirSync(deployDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const objectsByFile = new Map<string, K8sObject[]>(
    manifestFiles.map((f) => [f, parseYamlDocuments(path.join(deployDir, f)).filter((d): d is K8sObject => d !== null && d !== undefined) as K8sObject[]]),
  );
  const allObjects = [...objectsByFile.values()].flat();
  const kustomization = allObjects.find((o) => o.kind === 'Kustomization') as (K8sObject & { resources: string[] }) | undefined;
  /** What `kubectl apply -k` applies: the objects of the files kustomization.yaml lists. */
  const applied = (kustomization?.resources ?? []).flatMap((f) => objectsByFile.get(f) ?? []);

  function find<T extends K8sObject>(kind: string, name: string, from: K8sObject[] = applied): T {
    const found = from.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found as T;
  }

  const deployment = find<Deployment>('Deployment', 'mendbot');
  const podSpec = deployment.spec.template.spec;
  const container = podSpec.containers[0]!;
  const configMapData = (name: string): Record<string, string> => find<K8sObject & { data: Record<string, string> }>('ConfigMap', name).data;
  const mendbotConfig = configMapData('mendbot-config');
  const exampleSecret = find<K8sObject & { stringData: Record<string, string> }>('Secret', 'mendbot-secrets', objectsByFile.get('secret.example.yaml') ?? []);

  return { manifestFiles, objectsByFile, allObjects, kustomization, applied, find, deployment, podSpec, container, configMapData, mendbotConfig, exampleSecret };
}
