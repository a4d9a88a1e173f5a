import path from 'node:path';
import { ContentError, type Problem } from '../content/content-error.js';
import { bodyImageRefs } from '../content/body-images.js';
import { renderMarkdown } from '../content/markdown.js';
import type { SourcedArticle } from '../content/record.js';
import { resolveImageSource } from '../media/image-source.js';
import { readImageFile, refusedEarlierMessage, refusedRecently } from '../media/ingest.js';
import { mediaLimits } from '../media/limits.js';
import { notAnImage } from '../media/process.js';
import { sniffImage } from '../media/sniff.js';
import { imageKey, type MediaStore } from '../media/store.js';

/** One image an import would bring in: the piece naming it, where, and the reference. */
export interface PlannedImage {
  slug: string;
  file: string;
  field: string;
  ref: string;
}

/** What a dry run says the image step would do: fetch, process, reuse, or refuse (with the problem). */
export interface ImagePlan {
  fetch: PlannedImage[];
  process: PlannedImage[];
  reuse: PlannedImage[];
  refuse: Problem[];
  /** Addresses left as links because fetching is off (IMAGE_FETCH=off). */
  notFetched: PlannedImage[];
}

/** What planning images may look at: the store (read only), the content folder, the clock. */
export interface ImagePlanDeps {
  store: MediaStore;
  contentDir: string;
  now?: () => number;
  /** As import --retry-images: addresses refused on an earlier import count as ones to fetch. */
  retryRefused?: boolean;
  /** False when the site fetches nothing (IMAGE_FETCH=off). */
  fetchRemote?: boolean;
  /** Whether the stored piece already has this image processed: the import would not look at it again. */
  processed?: (slug: string, ref: string) => boolean;
}

/**
 * planImages tells, for a dry run, what the image step would do with the lead and body images of these pieces,
 * without fetching or processing anything: an address is fetched unless the store remembers it (reused) or
 * refused it within the day; a file is read and hashed, refused when it is missing, too large or not an image
 * by its bytes, and otherwise reused when its key is stored, processed when not. An image the stored piece
 * already has is left out, as the import leaves it alone. A body is rendered only when its Markdown could
 * hold an image.
 */
export function planImages(articles: readonly SourcedArticle[], deps: ImagePlanDeps): ImagePlan {
  const plan: ImagePlan = { fetch: [], process: [], reuse: [], refuse: [], notFetched: [] };
  const now = (deps.now ?? Date.now)();
  for (const { file, article } of articles) {
    const refs: [string, string][] = article.image?.src ? [['image.src', article.image.src]] : [];
    if (/!\[|<img/i.test(article.bodyMarkdown)) for (const ref of bodyImageRefs(renderMarkdown(article.bodyMarkdown))) refs.push(['body image', ref]);
    for (const [field, ref] of refs) {
      if (deps.processed?.(article.slug, ref)) continue;
      const image = { slug: article.slug, file, field, ref };
      const refuse = (message: string) => plan.refuse.push({ file, field, message, value: ref });
      const source = resolveImageSource(ref, path.resolve(file), deps.contentDir);
      if (!source) refuse('names a file outside the content folder, or an address that is not http(s)');
      else if (source.kind === 'url') {
        const refused = refusedRecently(deps.store, source.url, now, deps.retryRefused);
        if (deps.store.remembered(source.url)) plan.reuse.push(image);
        else if (deps.fetchRemote === false) plan.notFetched.push(image);
        else if (refused) refuse(refusedEarlierMessage(refused));
        else plan.fetch.push(image);
      } else if (source.kind === 'file') {
        try {
          const bytes = readImageFile(source.path, { file, field }, mediaLimits);
          if (!sniffImage(bytes)) refuse(notAnImage);
          else (deps.store.find(imageKey(bytes)) ? plan.reuse : plan.process).push(image);
        } catch (error) {
          if (!(error instanceof ContentError)) throw error;
          plan.refuse.push(...error.problems.map((problem) => ({ ...problem, value: ref })));
        }
      }
    }
  }
  return plan;
}

