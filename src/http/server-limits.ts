import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log.js';
import { allowFor } from './guards.js';

/** Socket-level limits that keep slow or oversized clients from tying up the server. */
export interface ServerLimits {
  /** Time allowed for a client to send all request headers (slowloris defence). */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive a whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; keep it above any proxy's idle timeout. */
  readonly keepAliveTimeoutMs: number;
  /** Inactivity on a socket (for example a client that stops reading the response) before it is closed. */
  readonly socketTimeoutMs: number;
  /** How often Node checks the header and request timeouts; they fire at most this late. */
  readonly checkIntervalMs: number;
  /** Largest request line plus headers, in bytes; larger requests get 431. */
  readonly maxHeaderBytes: number;
}

/** defaultServerLimits suit a site of small pages and small forms. */
export const defaultServerLimits: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  socketTimeoutMs: 60_000,
  checkIntervalMs: 1_000,
  maxHeaderBytes: 16 * 1024,
};

const clientErrorStatus: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_INVALID_METHOD: '405 Method Not Allowed',
};

/**
 * createHttpServer wraps a request handler in an HTTP server with the given limits applied. Requests that
 * fail before they reach Express (malformed, too large, too slow) get a short plain-text answer and are
 * logged without the client's address; an HTML page would mean nothing to whatever sent them.
 */
export function createHttpServer(
  handler: RequestListener,
  options: { limits?: Partial<ServerLimits>; logger?: Logger } = {},
): Server {
  const limits = { ...defaultServerLimits, ...options.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
    },
    handler,
  );
  server.setTimeout(limits.socketTimeoutMs);
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus[error.code ?? ''] ?? '400 Bad Request';
    options.logger?.info({ code: error.code, status: Number(status.slice(0, 3)) }, 'rejected malformed request');
    const body = `${status.slice(4)}\n`;
    // A 405 must say what is allowed (RFC 9110 §15.5.6); it matches the guard's Allow header.
    // The request line was not parsed for us: its target is read from the raw bytes, for allowFor.
    const target = /^\S+ (\S+)/.exec(error.rawPacket?.toString('latin1') ?? '')?.[1] ?? '/';
    const allow = status.startsWith('405') ? `Allow: ${allowFor(target)}\r\n` : '';
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${allow}X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
