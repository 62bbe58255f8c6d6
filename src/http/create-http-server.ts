import http from 'node:http';
import { answerClientError } from './answer-client-error';

/** An http server for `handler` that answers requests Node cannot parse with the documented JSON error. */
export function createHttpServer(handler: http.RequestListener): http.Server {
  const server = http.createServer(handler);
  server.on('clientError', answerClientError);
  return server;
}
