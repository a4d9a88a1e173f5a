import sharp from 'sharp';

/**
 * benchPhoto draws a camera-like 3000×2000 JPEG: a gradient under Gaussian noise, so encoders work as hard as on
 * a photograph. The noise is drawn afresh on every call, so no two photos share a content address.
 */
export async function benchPhoto(seed: number): Promise<Buffer> {
  const width = 3000;
  const height = 2000;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="hsl(${hue},60%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},50%,30%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${900 + seed * 37}" cy="800" r="400" fill="hsl(${(hue + 200) % 360},70%,70%)"/></svg>`;
  return sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'soft-light' }]).jpeg({ quality: 88 }).toBuffer();
}
