// Reference 1: the least an Express 5 app can do, a fixed string from one route. The ratio of our pages to
// this is the main target. PORT and WORKERS come from the environment, as for the real server.
import cluster from 'node:cluster';
import express from 'express';

const workers = Number(process.env.WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
} else {
  const app = express();
  app.get('/', (_req, res) => {
    res.send('Hello World!');
  });
  app.listen(Number(process.env.PORT), '127.0.0.1');
}
