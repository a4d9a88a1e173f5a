import path from 'node:path';

/** Where an image named in a piece comes from, once its reference is resolved. */
export type ImageSource =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  /** A site path under public/ (`/img/rooftops.svg`), served as it is: how pieces named images before issue 19. */
  | { kind: 'site'; path: string };

/**
 * resolveImageSource reads a reference as Hugo's page bundles and the issue do: an http(s) URL is fetched;
 * `media/…` is a file in the content folder's media/ (so `content/media/` holds a newsroom's shared photos);
 * any other relative path is a file next to the Markdown; a path from the root is a file of the site's public/.
 * A reference that leaves the content folder (`../../etc/passwd`) gives undefined, as does any other scheme.
 */
export function resolveImageSource(ref: string, markdownFile: string, contentDir: string): ImageSource | undefined {
  if (/^https?:\/\//i.test(ref)) return { kind: 'url', url: ref };
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return undefined;
  if (ref.startsWith('/')) return { kind: 'site', path: ref };
  const root = path.resolve(contentDir);
  const file = /^media\//.test(ref) ? path.resolve(root, ref) : path.resolve(path.dirname(path.resolve(markdownFile)), ref);
  const inside = path.relative(root, file);
  return inside.startsWith('..') || path.isAbsolute(inside) ? undefined : { kind: 'file', path: file };
}
