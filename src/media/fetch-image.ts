import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ContentError } from '../content/content-error.js';
import { publicAddressesOnly, type AddressPolicy } from './address-policy.js';
import { mediaLimits, type MediaLimits } from './limits.js';
import type { ImageOrigin } from './process.js';
import { sniffImage } from './sniff.js';

/** What a fetch may do: its limits, and which addresses it may connect to (tests allow loopback). */
export interface FetchOptions {
  limits?: MediaLimits;
  allowAddress?: AddressPolicy;
}

/**
 * fetchImage downloads an image for the import: http or https only, at most limits.maxRedirects redirects
 * (each checked again), limits.maxBytes, limits.fetchTimeoutMs in all, and only from addresses the policy
 * allows, checked on the address actually connected to (so a name that resolves to 127.0.0.1 is refused, and
 * a second resolution cannot swap it). The body must sniff as an image, whatever Content-Type said. Any
 * failure is a ContentError naming origin.file and origin.field.
 */
export async function fetchImage(url: string, origin: ImageOrigin, options: FetchOptions = {}): Promise<Uint8Array> {
  const limits = options.limits ?? mediaLimits;
  const allow = options.allowAddress ?? publicAddressesOnly;
  const refuse = (message: string): never => {
    throw new ContentError([{ file: origin.file, field: origin.field, message, value: url }]);
  };
  const deadline = AbortSignal.timeout(limits.fetchTimeoutMs);
  let current = url;
  for (let hop = 0; ; hop += 1) {
    let target: URL;
    try {
      target = new URL(current);
    } catch {
      return refuse('is not a valid address');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') refuse(`could not be fetched: only http and https addresses are fetched (${target.protocol} was given)`);
    const answer = await get(target, allow, limits.maxBytes, deadline).catch((error: Error) =>
      refuse(`could not be fetched (${deadline.aborted ? `no answer within ${limits.fetchTimeoutMs / 1000} s` : error.message})`),
    );
    if (answer.location !== undefined) {
      if (hop >= limits.maxRedirects) refuse(`could not be fetched: more than ${limits.maxRedirects} redirects`);
      current = new URL(answer.location, target).href;
      continue;
    }
    if (answer.status !== 200) refuse(`could not be fetched (HTTP ${answer.status})`);
    if (!sniffImage(answer.body!)) refuse('was fetched but is not an image, whatever its Content-Type says');
    return answer.body!;
  }
}

interface Answer {
  status: number;
  location?: string;
  body?: Uint8Array;
}

function get(url: URL, allow: AddressPolicy, maxBytes: number, signal: AbortSignal): Promise<Answer> {
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !allow(a.address));
      if (refused) return callback(new Error(`${hostname} is at ${refused.address}, a private or local address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // An IP literal skips lookup in Node's net.connect, so it is checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$|:/.test(literal) && !allow(literal)) return reject(new Error(`${literal} is a private or local address`));
    const request = client.get(url, { lookup, signal, headers: { accept: 'image/avif,image/webp,image/*;q=0.8', 'user-agent': 'Broadsheet-importer' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        return resolve({ status, location: response.headers.location });
      }
      const declared = Number(response.headers['content-length']);
      if (declared > maxBytes) {
        response.destroy();
        return reject(new Error(`it is ${declared} bytes, more than the ${maxBytes} an image may be`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) response.destroy(new Error(`it is more than the ${maxBytes} bytes an image may be`));
        else chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
      // A body cut off (the deadline, the server going away) may close without an error: never wait forever.
      response.on('close', () => {
        if (!response.complete) reject(new Error('the connection closed before the image was complete'));
      });
    });
    request.on('error', reject);
  });
}
