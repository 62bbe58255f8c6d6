import { z } from 'zod';

/**
 * The parts of a kubeconfig (clientcmd `Config`, apiVersion v1) mendbot reads. Cluster and user entries keep
 * unknown keys so load-kubernetes-config.ts can name the ones it does not support instead of silently
 * ignoring them: an ignored `as:` (impersonation) or `exec:` would connect as someone else than intended.
 */
export const kubeconfigSchema = z.object({
  'current-context': z.string().optional(),
  clusters: z
    .array(
      z.object({
        name: z.string().min(1),
        cluster: z
          .object({
            server: z.url({ protocol: /^https?$/, error: 'server must be an http:// or https:// URL' }),
            'certificate-authority': z.string().min(1).optional(),
            'certificate-authority-data': z.string().min(1).optional(),
            'insecure-skip-tls-verify': z.boolean().optional(),
          })
          .catchall(z.unknown()),
      }),
    )
    .nullish(),
  contexts: z
    .array(z.object({ name: z.string().min(1), context: z.object({ cluster: z.string().min(1), user: z.string().optional() }).catchall(z.unknown()) }))
    .nullish(),
  users: z
    .array(
      z.object({
        name: z.string().min(1),
        // `user:` with nothing under it parses as null: a user without credentials (e.g. behind `kubectl proxy`).
        user: z.object({ token: z.string().optional(), tokenFile: z.string().min(1).optional() }).catchall(z.unknown()).nullish(),
      }),
    )
    .nullish(),
});
