// Real image files for the media tests, made by sharp in memory: one of each kind the issue names (issue 19).
import sharp from 'sharp';

/** A 1600×1000 JPEG photo with EXIF (GPS position, camera) and orientation 6 (shown rotated, 1000×1600). */
export async function jpegWithGpsAndOrientation(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#3a6ea5' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Broadsheet Camera', Copyright: 'Staff' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 26/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A 800×600 PNG whose left half is transparent. */
export async function transparentPng(): Promise<Buffer> {
  const half = await sharp({ create: { width: 400, height: 600, channels: 4, background: '#a5141bff' } }).png().toBuffer();
  return sharp({ create: { width: 800, height: 600, channels: 4, background: '#00000000' } })
    .composite([{ input: half, left: 400, top: 0 }])
    .png()
    .toBuffer();
}

/** A 700×500 JPEG in CMYK, as print desks send them. */
export async function cmykJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 700, height: 500, channels: 3, background: '#c0392b' } }).toColourspace('cmyk').jpeg().toBuffer();
}

/** A two-frame animated GIF, 200×120: red, then blue. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (background: string) => sharp({ create: { width: 200, height: 120, channels: 3, background } }).png().toBuffer();
  return sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif({ delay: [100, 100] }).toBuffer();
}

/** An SVG with a script, an event handler and an external image: none may reach a reader. */
export const svgWithScript = Buffer.from(`<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="150" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <rect width="300" height="150" fill="#1d4fa8"/>
  <image xlink:href="http://127.0.0.1:9/tracker.png" width="10" height="10"/>
</svg>`);

/** Text that calls itself a JPEG (by its name and type) but is not one. */
export const notAJpeg = Buffer.from('<html><body>Not a photo</body></html>');

/** A 50-megapixel JPEG (8660×5774), a full-frame camera's original. */
export async function fiftyMegapixels(): Promise<Buffer> {
  return sharp({ create: { width: 8660, height: 5774, channels: 3, background: '#556b2f' } }).jpeg({ quality: 60 }).toBuffer();
}
