import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'node:test';
import { publicAddressesOnly } from '../../../src/media/address-policy.js';
import { fetchImage } from '../../../src/media/fetch-image.js';
import { mediaLimits } from '../../../src/media/limits.js';
import { cmykJpeg, notAJpeg } from '../../helpers/images.js';

const origin = { file: 'feed.xml', field: 'item 3: image' };
const loopback = { allowAddress: () => true };

/** A local photo server: the test's stand-in for the internet (fetches never leave the machine). */
async function photoServer(t: test.TestContext) {
  const jpeg = await cmykJpeg();
  const server = http.createServer((req, res) => {
    const routes: Record<string, () => void> = {
      '/a.jpg': () => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
      '/html-as-jpeg.jpg': () => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(notAJpeg),
      '/jpeg-as-text': () => res.writeHead(200, { 'content-type': 'text/plain' }).end(jpeg),
      '/moved': () => res.writeHead(302, { location: '/a.jpg' }).end(),
      '/loop': () => res.writeHead(301, { location: '/loop' }).end(),
      '/to-file': () => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
      '/missing.jpg': () => res.writeHead(404).end(),
      '/slow.jpg': () => setTimeout(() => res.writeHead(200).end(jpeg), 2000).unref(),
      '/stalls.jpg': () => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(jpeg.subarray(0, 100));
      },
      '/endless.jpg': () => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(jpeg);
        const more = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
        res.on('close', () => clearInterval(more));
      },
    };
    (routes[req.url ?? ''] ?? (() => res.writeHead(404).end()))();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, jpeg };
}

test('fetchImage brings an image from a local server, through a redirect, judged by its bytes (issue 19)', async (t) => {
  const { url, jpeg } = await photoServer(t);
  assert.deepEqual(Buffer.from(await fetchImage(`${url}/a.jpg`, origin, loopback)), jpeg);
  assert.deepEqual(Buffer.from(await fetchImage(`${url}/moved`, origin, loopback)), jpeg);
  assert.deepEqual(Buffer.from(await fetchImage(`${url}/jpeg-as-text`, origin, loopback)), jpeg, 'the header does not decide');
});

test('fetchImage refuses with file: field: problem what it must not bring in (issue 19)', async (t) => {
  const { url } = await photoServer(t);
  const limits = { ...mediaLimits, fetchTimeoutMs: 500, maxBytes: 200_000 };
  const cases: [string, Parameters<typeof fetchImage>[2], RegExp][] = [
    [`${url}/a.jpg`, {}, /feed\.xml: item 3: image: could not be fetched \(127\.0\.0\.1 is a private or local address\)/],
    [`http://localhost:${new URL(url).port}/a.jpg`, {}, /could not be fetched \(localhost is at (127\.0\.0\.1|::1), a private or local address\)/],
    [`${url}/html-as-jpeg.jpg`, loopback, /was fetched but is not an image, whatever its Content-Type says/],
    [`${url}/loop`, loopback, /more than 3 redirects/],
    [`${url}/to-file`, loopback, /only http and https addresses are fetched \(file: was given\)/],
    ['ftp://photos.example/a.jpg', loopback, /only http and https/],
    [`${url}/missing.jpg`, loopback, /could not be fetched \(HTTP 404\)/],
    [`${url}/slow.jpg`, { ...loopback, limits }, /could not be fetched \(no answer within 0\.5 s\)/],
    [`${url}/stalls.jpg`, { ...loopback, limits }, /could not be fetched \(no answer within 0\.5 s\)/],
    [`${url}/endless.jpg`, { ...loopback, limits }, /more than the 200000 bytes an image may be/],
  ];
  for (const [address, options, expected] of cases) await assert.rejects(fetchImage(address, origin, options), expected, address);
});

test('publicAddressesOnly allows the public internet and nothing of the local network (issue 19)', () => {
  const cases: [string, boolean][] = [
    ['93.184.216.34', true], ['2606:2800:220:1:248:1893:25c8:1946', true],
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.20.0.1', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['0.0.0.0', false], ['::1', false], ['fd00::1', false], ['fe80::1', false], ['::ffff:127.0.0.1', false],
    ['::ffff:93.184.216.34', true], ['not an address', false],
  ];
  for (const [address, allowed] of cases) assert.equal(publicAddressesOnly(address), allowed, address);
});
