import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAxiosError } from './is-axios-error';
import { lazyAxios } from './lazy-axios';

describe('lazyAxios', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends like axios.create() once used, through request, get and post', async () => {
    const client = lazyAxios();
    expect((await client.request({ url: `${url}/a`, proxy: false })).data).toEqual({ path: '/a' });
    expect((await client.get(`${url}/b`, { proxy: false })).status).toBe(200);
    expect((await client.post(`${url}/c`, { x: 1 }, { proxy: false })).data).toEqual({ path: '/c' });
  });

  it('rejects with errors isAxiosError recognises, as axios.isAxiosError does', async () => {
    const error: unknown = await lazyAxios().get(`${url}/missing`, { proxy: false }).catch((e: unknown) => e);
    expect(isAxiosError(error)).toBe(true);
    expect(isAxiosError(new Error('plain'))).toBe(false);
    expect(isAxiosError(null)).toBe(false);
    expect(isAxiosError({ isAxiosError: 'yes' })).toBe(false);
  });
});
