// Reference 2: the physical limit here, node:http writing the article page's exact response bytes (as our
// server sent them for the same request headers) from a Buffer, with nothing else done per request.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';

const workers = Number(process.env.WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
} else {
  const body = fs.readFileSync(process.env.BODY_FILE);
  const headers = { 'content-type': process.env.BODY_TYPE, 'content-length': body.length };
  if (process.env.BODY_ENCODING) headers['content-encoding'] = process.env.BODY_ENCODING;
  http
    .createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    })
    .listen(Number(process.env.PORT), '127.0.0.1');
}
