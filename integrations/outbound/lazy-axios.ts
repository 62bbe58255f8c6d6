import type { AxiosInstance } from 'axios';

/**
 * `axios.create()`, made when a request is first sent. axios and what it pulls in (form-data, mime-db,
 * proxy and redirect handling) are about a tenth of mendbot's start-up, for clients most deployments use
 * rarely or never (playbook actions, trackers): loading them with the first request keeps them off the way
 * to /readyz. That first request pays the load once (tens of milliseconds, on the event loop).
 */
export function lazyAxios(): AxiosInstance {
  let instance: AxiosInstance | undefined;
  const get = (): AxiosInstance => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    instance ??= (require('axios') as typeof import('axios')).default.create();
    return instance;
  };
  return new Proxy({} as AxiosInstance, {
    get(_target, property) {
      const real = get();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
