import assert from 'node:assert/strict';
import test from 'node:test';
import { sniffImage } from '../../../src/media/sniff.js';
import { animatedGif, cmykJpeg, notAJpeg, svgWithScript, transparentPng } from '../../helpers/images.js';

test('sniffImage names each format by its bytes (issue 19)', async () => {
  const cases: [string, Uint8Array, string | undefined][] = [
    ['a JPEG', await cmykJpeg(), 'jpeg'],
    ['a PNG', await transparentPng(), 'png'],
    ['a GIF', await animatedGif(), 'gif'],
    ['an SVG with a prolog', svgWithScript, 'svg'],
    ['an SVG after a comment and a doctype', Buffer.from('\uFEFF<!-- x --><!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg'],
    ['a WebP', Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'webp'],
    ['an AVIF', Buffer.from('\0\0\0\x1cftypavif'), 'avif'],
    ['HTML named .jpg', notAJpeg, undefined],
    ['an empty file', Buffer.alloc(0), undefined],
    ['XML that is not SVG', Buffer.from('<?xml version="1.0"?><rss/>'), undefined],
  ];
  for (const [name, bytes, expected] of cases) assert.equal(sniffImage(bytes), expected, name);
});
