// Diagnostic reference: the minimal Express app with the pipeline every Broadsheet response must pass
// through (the JSON request log with its id, helmet's headers with our policy, Permissions-Policy),
// answering a fixed string. Its ratio to the bare Express app is the ceiling our pages can reach; the
// gap between it and a page is our own work. PORT comes from the environment.
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import pino from 'pino';

const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
setInterval(() => stream.flush(), 100).unref();
const logger = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => {
  const reqId = randomUUID();
  res.setHeader('X-Request-Id', reqId);
  const started = process.hrtime.bigint();
  res.on('finish', () => logger.info({ reqId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request'));
  next();
});
app.use(helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], baseUri: ["'self'"], fontSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], imgSrc: ["'self'"], objectSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"] } },
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xFrameOptions: { action: 'deny' },
}));
app.use((_req, res, next) => {
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()');
  next();
});
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
app.listen(Number(process.env.PORT), '127.0.0.1');
