import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKubernetesConfig, SERVICE_ACCOUNT_DIR } from './load-kubernetes-config';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const readFile = (file: string) => fs.promises.readFile(file);

function kubeconfig(user: string, cluster = `server: https://k8s.example:6443\n      certificate-authority-data: ${Buffer.from(CA_PEM).toString('base64')}`): string {
  return `apiVersion: v1
kind: Config
current-context: prod
preferences: {}
contexts:
  - name: staging
    context: { cluster: staging, user: mendbot }
  - name: prod
    context:
      cluster: prod
      user: mendbot
      namespace: payments
clusters:
  - name: staging
    cluster: { server: https://staging.example:6443 }
  - name: prod
    cluster:
      ${cluster}
users:
  - name: mendbot
    user:
      ${user}
`;
}

describe('loadKubernetesConfig', () => {
  describe('from a kubeconfig file (MENDBOT_KUBECONFIG)', () => {
    let dir: string;
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const load = (file: string) => loadKubernetesConfig({ env: {}, readFile, kubeconfigPath: file });

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-kubeconfig-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('uses the current context: its cluster server, inline CA and user token', async () => {
      const file = write('config', kubeconfig('token: sa-token-123'));
      await expect(load(file)).resolves.toEqual({
        source: 'kubeconfig',
        context: 'prod',
        baseUrl: 'https://k8s.example:6443',
        token: 'sa-token-123',
        ca: Buffer.from(CA_PEM),
        insecureSkipTlsVerify: false,
      });
    });

    it('reads certificate-authority and tokenFile relative to the kubeconfig, re-reading the token each time', async () => {
      write('ca.crt', CA_PEM);
      write('token', 'first\n');
      const file = write('config', kubeconfig('tokenFile: token', 'server: https://k8s.example:6443\n      certificate-authority: ca.crt'));
      const connection = await load(file);
      expect(String(connection?.ca)).toBe(CA_PEM);
      const token = connection?.token as () => Promise<string>;
      await expect(token()).resolves.toBe('first');
      write('token', 'rotated');
      await expect(token()).resolves.toBe('rotated');
    });

    it('passes insecure-skip-tls-verify on', async () => {
      const file = write('config', kubeconfig('token: t', 'server: https://k8s.example:6443\n      insecure-skip-tls-verify: true'));
      await expect(load(file)).resolves.toMatchObject({ insecureSkipTlsVerify: true, ca: undefined });
    });

    it.each([
      ['exec plugins', 'exec: { apiVersion: client.authentication.k8s.io/v1, command: aws }', /uses exec, which mendbot does not support/],
      ['client certificates', 'client-certificate-data: Zm9v\n      client-key-data: YmFy', /uses client-certificate-data, client-key-data/],
      ['auth-provider', 'auth-provider: { name: oidc }', /uses auth-provider/],
      ['impersonation', 'token: t\n      as: system:admin', /uses as,/],
    ])('refuses %s by name', async (_kind, user, message) => {
      const file = write('config', kubeconfig(user));
      await expect(load(file)).rejects.toThrow(message);
    });

    it('refuses cluster settings it would otherwise silently ignore', async () => {
      const file = write('config', kubeconfig('token: t', 'server: https://k8s.example:6443\n      proxy-url: http://proxy:3128'));
      await expect(load(file)).rejects.toThrow(/cluster "prod" uses proxy-url/);
    });

    it('names the file and the problem when the current context is missing', async () => {
      const file = write('config', kubeconfig('token: t').replace('current-context: prod', 'current-context: dev'));
      await expect(load(file)).rejects.toThrow(`MENDBOT_KUBECONFIG ${file}: current-context "dev" is not in contexts`);
    });

    it('reports schema problems with their path', async () => {
      const file = write('config', kubeconfig('token: t', 'server: not a url'));
      await expect(load(file)).rejects.toThrow(/clusters\.1\.cluster\.server: server must be an http/);
    });

    it('reports a file that does not exist', async () => {
      await expect(load(path.join(dir, 'missing'))).rejects.toThrow(/MENDBOT_KUBECONFIG .*missing: ENOENT/);
    });

    it('wins over in-cluster credentials', async () => {
      const file = write('config', kubeconfig('token: t'));
      const connection = await loadKubernetesConfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, readFile, kubeconfigPath: file });
      expect(connection?.source).toBe('kubeconfig');
    });
  });

  describe('in a pod', () => {
    const inCluster = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const notFound = (file: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
    function mountedFiles(files: Record<string, string>) {
      return async (file: string) => {
        const content = files[file];
        if (content === undefined) throw notFound(file);
        return Buffer.from(content);
      };
    }

    it('uses the service host and port, the mounted token and the cluster CA', async () => {
      const files = { [`${SERVICE_ACCOUNT_DIR}/token`]: 'sa-jwt\n', [`${SERVICE_ACCOUNT_DIR}/ca.crt`]: CA_PEM };
      const connection = await loadKubernetesConfig({ env: inCluster, readFile: mountedFiles(files) });
      expect(connection).toMatchObject({ source: 'in-cluster', baseUrl: 'https://10.96.0.1:443', ca: Buffer.from(CA_PEM) });
      await expect((connection?.token as () => Promise<string>)()).resolves.toBe('sa-jwt');
    });

    it('brackets an IPv6 service address', async () => {
      const files = { [`${SERVICE_ACCOUNT_DIR}/token`]: 't', [`${SERVICE_ACCOUNT_DIR}/ca.crt`]: CA_PEM };
      const connection = await loadKubernetesConfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, readFile: mountedFiles(files) });
      expect(connection?.baseUrl).toBe('https://[fd00::1]:443');
    });

    it('is not configured when the pod mounts no token (automountServiceAccountToken: false)', async () => {
      await expect(loadKubernetesConfig({ env: inCluster, readFile: mountedFiles({}) })).resolves.toBeUndefined();
    });

    it('refuses to run without the cluster CA rather than skip verification', async () => {
      const files = { [`${SERVICE_ACCOUNT_DIR}/token`]: 't' };
      await expect(loadKubernetesConfig({ env: inCluster, readFile: mountedFiles(files) })).rejects.toThrow(/cannot read .*ca\.crt/);
    });
  });

  it('is not configured outside a pod without a kubeconfig', async () => {
    const readNothing = jest.fn(readFile);
    await expect(loadKubernetesConfig({ env: {}, readFile: readNothing })).resolves.toBeUndefined();
    expect(readNothing).not.toHaveBeenCalled();
  });
});
