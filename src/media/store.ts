import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProcessedImage } from './process.js';
import { recipeVersion, type VariantFormat } from './recipe.js';
import type { ImageKind } from './sniff.js';

/** A variant as stored: its file's name and size in bytes, not the bytes. */
export interface StoredVariant {
  name: string;
  format: VariantFormat;
  width: number;
  height: number;
  bytes: number;
}

/** An image in the store: what the pages, the share card and `show` need to know about it. */
export interface StoredImage {
  /** The content address: the source's bytes and the recipe version, hashed. */
  key: string;
  source: ImageKind;
  width: number;
  height: number;
  fallback: VariantFormat;
  variants: StoredVariant[];
}

/** The media folder: processed images by content address, and which key each fetched address gave. */
export interface MediaStore {
  readonly dir: string;
  /** find returns the stored image with this key, or undefined when it was never (completely) stored. */
  find(key: string): StoredImage | undefined;
  /** save writes a processed image's variants under its key and returns its description. */
  save(key: string, image: ProcessedImage): StoredImage;
  /** remembered returns the key a remote address gave when last fetched, so an unchanged import fetches nothing. */
  remembered(url: string): string | undefined;
  remember(url: string, key: string): void;
  /** refusal returns why an address's image was refused when last fetched, and when (ms), if it was. */
  refusal(url: string): { message: string; at: number } | undefined;
  /** refuse notes that an address's image was refused, so the next imports do not fetch it again at once. */
  refuse(url: string, message: string, at: number): void;
  /** file returns the path of a stored variant for a /media/ URL's key and name, or undefined. */
  file(key: string, name: string): string | undefined;
}

interface SourceNote {
  key?: string;
  refused?: { message: string; at: number };
}

const manifestName = 'image.json';
const keyPattern = /^[0-9a-f]{24}$/;
const namePattern = /^(?:\d{1,5}|card)\.(?:avif|webp|jpg|png)$/;

/** imageKey is the content address of a source image: its bytes hashed with the recipe version, so a new recipe gives new keys. */
export function imageKey(bytes: Uint8Array): string {
  return createHash('sha256').update(`broadsheet-image-recipe-${recipeVersion}\0`).update(bytes).digest('hex').slice(0, 24);
}

/** mediaUrl is the public path of a stored variant: fingerprinted by its key, so it can be cached for a year. */
export function mediaUrl(key: string, name: string): string {
  return `/media/${key}/${name}`;
}

/**
 * openMediaStore uses dir as the store: one folder per key holding the variants and image.json. Nothing is
 * created until something is saved, so the site can open the store to serve it without writing. A folder is written under a temporary name and renamed into place, so a crash or a parallel
 * import never leaves a key that looks stored but lacks files.
 */
export function openMediaStore(dir: string): MediaStore {
  // A key's manifest never changes (the key is its source's hash), so one read serves every later page render;
  // each hit still checks the file is there, so a media folder removed under a running site is noticed.
  const known = new Map<string, StoredImage>();
  const find = (key: string): StoredImage | undefined => {
    if (!keyPattern.test(key)) return undefined;
    const manifest = path.join(dir, key, manifestName);
    const cached = known.get(key);
    if (cached) {
      if (fs.existsSync(manifest)) return cached;
      known.delete(key);
      return undefined;
    }
    try {
      const image = JSON.parse(fs.readFileSync(manifest, 'utf8')) as StoredImage;
      if (known.size >= 10_000) known.delete(known.keys().next().value!);
      known.set(key, image);
      return image;
    } catch {
      return undefined;
    }
  };
  // What became of each fetched address: the key its bytes gave, or why it was refused and when.
  const sourceFile = (url: string) => path.join(dir, 'sources', `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
  const readSource = (url: string): SourceNote => {
    try {
      const note = JSON.parse(fs.readFileSync(sourceFile(url), 'utf8')) as SourceNote & { url: string };
      return note.url === url ? note : {};
    } catch {
      return {};
    }
  };
  const writeSource = (note: SourceNote & { url: string }) => {
    fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
    fs.writeFileSync(sourceFile(note.url), `${JSON.stringify(note)}\n`);
  };
  return {
    dir,
    find,
    save(key, image) {
      const stored: StoredImage = {
        key,
        source: image.source,
        width: image.width,
        height: image.height,
        fallback: image.fallback,
        variants: image.variants.map(({ name, format, width, height, bytes }) => ({ name, format, width, height, bytes: bytes.length })),
      };
      const existing = find(key);
      if (existing) return existing;
      const temp = path.join(dir, `.${key}.${randomBytes(6).toString('hex')}`);
      fs.mkdirSync(temp, { recursive: true });
      for (const variant of image.variants) fs.writeFileSync(path.join(temp, variant.name), variant.bytes);
      fs.writeFileSync(path.join(temp, manifestName), `${JSON.stringify(stored)}\n`);
      try {
        fs.renameSync(temp, path.join(dir, key));
      } catch (error) {
        // Another import stored the same bytes first: theirs is identical, keep it.
        fs.rmSync(temp, { recursive: true, force: true });
        if (!find(key)) throw error;
      }
      return stored;
    },
    remembered(url) {
      const { key } = readSource(url);
      return key && find(key) ? key : undefined;
    },
    remember(url, key) {
      writeSource({ url, key });
    },
    refusal(url) {
      return readSource(url).refused;
    },
    refuse(url, message, at) {
      writeSource({ url, refused: { message, at } });
    },
    file(key, name) {
      if (!keyPattern.test(key) || !namePattern.test(name)) return undefined;
      const full = path.join(dir, key, name);
      return fs.existsSync(full) ? full : undefined;
    },
  };
}
