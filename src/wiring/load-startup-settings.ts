import fs from 'node:fs';
import { compileCorrelationTemplate, type CorrelationTemplate } from '../core/alerts/compile-correlation-template';
import type { Config } from '../config/config';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { loadPostmortemTemplate } from '../postmortems/load-postmortem-template';
import { loadKubernetesConfig, type KubernetesConnection } from '../../integrations/kubernetes/load-kubernetes-config';

export interface StartupSettings {
  config: Readonly<Config>;
  /** The Markdown postmortem layout, or undefined for the built-in one. */
  postmortemTemplate: string | undefined;
  /** Compiled correlation-ID templates per source. */
  correlation: Record<string, CorrelationTemplate>;
  /** How to reach the cluster, or undefined when no credentials are configured. */
  kubernetes: KubernetesConnection | undefined;
}

/**
 * Reads the configuration and everything derived from it that can be wrong: the postmortem template, the
 * correlation templates and the Kubernetes credentials. It runs before anything is opened, so a mistake
 * stops start-up with a ConfigError naming the setting, never a half-started process or a failure later.
 */
export async function loadStartupSettings(env: Record<string, string | undefined>): Promise<StartupSettings> {
  const config = loadConfig(env);
  const postmortemTemplate = loadPostmortemTemplate(config.postmortemTemplate);

  const correlation: Record<string, CorrelationTemplate> = {};
  const problems: string[] = [];
  for (const [source, template] of Object.entries(config.correlation)) {
    if (template === undefined) continue;
    try {
      correlation[source] = compileCorrelationTemplate(template);
    } catch (error) {
      problems.push(`MENDBOT_CORRELATION_${source.toUpperCase()}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  let kubernetes: KubernetesConnection | undefined;
  try {
    kubernetes = await loadKubernetesConfig({ env, readFile: (f) => fs.promises.readFile(f), kubeconfigPath: config.kubeconfig });
  } catch (error) {
    throw new ConfigError([`MENDBOT_KUBECONFIG: ${(error as Error).message}`]);
  }
  return { config, postmortemTemplate, correlation, kubernetes };
}
