import net from 'node:net';

/** What came back on a raw socket: the status (0 if none), the whole text, and whether the server closed it. */
export interface RawResponse {
  status: number;
  text: string;
  closedByServer: boolean;
  ms: number;
}

/**
 * rawRequest sends bytes no well-behaved client would (bad request lines, huge or broken headers) and reads
 * until the server closes the socket or timeoutMs passes.
 */
export function rawRequest(url: string, request: string | Buffer, timeoutMs = 3000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      socket.destroy();
      resolve({ status, text, closedByServer, ms: Date.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', () => {
      closedByServer = true;
      finish();
    });
    socket.on('connect', () => socket.write(request));
  });
}
