/**
 * isImageReference says whether text is spelled as an image reference the pipeline takes (issue 19): a file
 * beside the piece or in content/media/ (a relative path), an http(s) address, or a site path under public/
 * (no '..', plain characters, as before). src/media/image-source.ts resolves it at import; this is the
 * spelling only, for the front matter's image.src and the registry's photo alike.
 */
export function isImageReference(src: string): boolean {
  if (src.startsWith('/')) return /^\/[a-zA-Z0-9._\-/]+$/.test(src) && !src.includes('..');
  if (/^https?:\/\//i.test(src)) return URL.canParse(src) && !/\s/.test(src);
  return !/^[a-z][a-z0-9+.-]*:/i.test(src) && /^[^\s?#\\]+$/.test(src);
}
