import assert from 'node:assert/strict';
import test from 'node:test';
import sharp from 'sharp';
import { ContentError } from '../../../src/content/content-error.js';
import { mediaLimits } from '../../../src/media/limits.js';
import { processImage, type ProcessedImage } from '../../../src/media/process.js';
import { animatedGif, cmykJpeg, fiftyMegapixels, jpegWithGpsAndOrientation, notAJpeg, svgWithScript, transparentPng } from '../../helpers/images.js';

const origin = { file: 'content/2026-12-01-rooftops.md', field: 'image.src' };
const names = (image: ProcessedImage) => image.variants.map((v) => v.name);

test('a JPEG keeps no metadata: EXIF GPS never survives, orientation is applied (issue 19)', async () => {
  const source = await jpegWithGpsAndOrientation();
  const before = await sharp(source).metadata();
  // The GPS IFD pointer (tag 0x8825, little-endian) is there to be stripped.
  assert.ok(before.exif?.includes(Buffer.from([0x25, 0x88])), 'the test image carries GPS');
  const image = await processImage(source, origin);
  assert.deepEqual([image.width, image.height, image.fallback], [1000, 1600, 'jpeg']);
  assert.deepEqual(names(image), ['320.avif', '320.webp', '320.jpg', '640.avif', '640.webp', '640.jpg', '960.avif', '960.webp', '960.jpg', '1000.avif', '1000.webp', '1000.jpg', 'card.jpg']);
  for (const variant of image.variants) {
    const meta = await sharp(variant.bytes).metadata();
    assert.equal(meta.exif, undefined, `${variant.name} has no EXIF`);
    assert.equal(meta.xmp, undefined, `${variant.name} has no XMP`);
    assert.equal(meta.iptc, undefined, `${variant.name} has no IPTC`);
    assert.equal(meta.icc, undefined, `${variant.name} has no ICC profile`);
    assert.ok(meta.orientation === undefined || meta.orientation === 1, `${variant.name} needs no rotating`);
    assert.equal(meta.format, { avif: 'heif', webp: 'webp', jpeg: 'jpeg', png: 'png' }[variant.format]);
    assert.deepEqual([meta.width, meta.height], [variant.width, variant.height], variant.name);
  }
  assert.deepEqual(image.variants.find((v) => v.name === '640.jpg')!.height, 1024, 'portrait after rotation');
});

test('a CMYK JPEG comes out in sRGB (issue 19)', async () => {
  const image = await processImage(await cmykJpeg(), origin);
  for (const variant of image.variants) assert.equal((await sharp(variant.bytes).metadata()).space, 'srgb', variant.name);
  assert.deepEqual(names(image).slice(-4), ['700.avif', '700.webp', '700.jpg', 'card.jpg']);
});

test('a PNG with transparency keeps it, with a PNG fallback (issue 19)', async () => {
  const image = await processImage(await transparentPng(), origin);
  assert.equal(image.fallback, 'png');
  const png = image.variants.find((v) => v.name === '640.png')!;
  const meta = await sharp(png.bytes).metadata();
  assert.equal(meta.hasAlpha, true);
  const { data } = await sharp(png.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.equal(data[3], 0, 'the top-left pixel is still transparent');
  assert.equal((await sharp(image.variants.find((v) => v.name === 'card.jpg')!.bytes).metadata()).hasAlpha, false);
});

test('an animated GIF gives its first frame as a still (issue 19)', async () => {
  const image = await processImage(await animatedGif(), origin);
  assert.equal(image.source, 'gif');
  for (const variant of image.variants) assert.ok(((await sharp(variant.bytes).metadata()).pages ?? 1) === 1, variant.name);
  const { data } = await sharp(image.variants.find((v) => v.name === '200.webp')!.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[0]! > 200 && data[2]! < 60, 'the first (red) frame');
});

test('an SVG from outside is rasterised: no markup, no script reaches a reader (issue 19)', async () => {
  const image = await processImage(svgWithScript, origin);
  assert.equal(image.source, 'svg');
  assert.equal(image.width, 600, 'drawn at twice its nominal size');
  for (const variant of image.variants) {
    assert.notEqual((await sharp(variant.bytes).metadata()).format, 'svg');
    assert.ok(!Buffer.from(variant.bytes).includes('script'), variant.name);
  }
});

test('a file that says it is a JPEG but is not is refused with file: field: problem (issue 19)', async () => {
  await assert.rejects(processImage(notAJpeg, origin), (error: unknown) => {
    assert.ok(error instanceof ContentError);
    assert.match(error.message, /^content\/2026-12-01-rooftops\.md: image\.src: is not an image \(JPEG, PNG/);
    return true;
  });
  const truncated = (await cmykJpeg()).subarray(0, 200);
  await assert.rejects(processImage(truncated, origin), /image\.src: could not be (read|decoded)/);
});

test('a 50-megapixel image is processed within the pixel limit, and refused clearly above a lower one (issue 19)', async () => {
  const source = await fiftyMegapixels();
  const image = await processImage(source, origin);
  assert.deepEqual([image.width, image.height], [1280, 853]);
  await assert.rejects(processImage(source, origin, { limits: { ...mediaLimits, maxPixels: 40_000_000 } }), /image\.src: is 8660×5774 \(50 megapixels\), more than the 40 an image may have/);
  await assert.rejects(processImage(source, origin, { limits: { ...mediaLimits, maxBytes: 1000 } }), /image\.src: is .* MB, more than the 0\.0 MB an image may be/);
});
