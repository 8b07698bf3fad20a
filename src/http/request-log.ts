import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** The paths whose last segment is a sign-in link's secret: the web pages and the API that reads them. */
const LINK_SECRET = /(\/(?:api\/invitations|invitation|reset-password)\/)[^/?#]+/g;

/**
 * A URL as the request log shows it: whoever reads the log (an operator, a log shipper) must not
 * be able to sign in as the user an invitation or a password reset was meant for.
 */
export function withoutLinkSecrets(url: string): string {
  return url.replace(LINK_SECRET, '$1[link]');
}

/** The server's logger: pino at `level`, each request logged as Fastify does but without link secrets. */
export function requestLogger(level: string, stream?: { write(line: string): void }): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: withoutLinkSecrets(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
