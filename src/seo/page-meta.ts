import type { Correction } from '../db/articles.js';
import type { Author } from '../db/authors.js';
import { absoluteUrl, authorUrl, feedPaths, tagUrl } from '../urls.js';
import type { ArticleView } from '../view-models/article.js';
import { latestChange, rfc3339, type Moment } from './dates.js';
import {
  breadcrumbJsonLd,
  jsonLdScript,
  organizationJsonLd,
  personJsonLd,
  profilePageJsonLd,
  schemaTypeFor,
  websiteJsonLd,
  type JsonLd,
} from './json-ld.js';

/** One <meta> tag: Open Graph uses property=, everything else name=. */
export interface MetaTag {
  attribute: 'name' | 'property';
  key: string;
  content: string;
}

/** A feed advertised in the head for autodiscovery. */
export interface AlternateLink {
  type: string;
  title: string;
  href: string;
}

/** Everything the head prints about a page beyond its title, description and canonical link. */
export interface PageSeo {
  meta: MetaTag[];
  /** Serialised JSON-LD blocks, already escaped for a script element by jsonLdScript. */
  jsonLd: string[];
  /** This page's own feeds (an author's, a tag's); the site's feeds are in every head anyway. */
  feeds: AlternateLink[];
  robots: string | undefined;
}

/** The site facts every builder needs. */
export interface SiteFacts {
  name: string;
  url: string;
  description: string;
  /** Absolute URL of the publisher logo. */
  logoUrl: string;
}

const property = (key: string, content: string | null | undefined): MetaTag[] =>
  content ? [{ attribute: 'property', key, content }] : [];
/** siteFacts gathers the site's name, address, description and logo from config, once per app. */
export function siteFacts(config: { siteName: string; siteUrl: string; siteDescription: string }, asset: (path: string) => string): SiteFacts {
  return { name: config.siteName, url: config.siteUrl, description: config.siteDescription, logoUrl: absoluteUrl(config.siteUrl, asset('/img/favicon.svg')) };
}

const named = (key: string, content: string | null | undefined): MetaTag[] => (content ? [{ attribute: 'name', key, content }] : []);

/** feedLinks lists the three feed formats of a page for <link rel="alternate">. */
export function feedLinks(base: string, title: string): AlternateLink[] {
  const paths = feedPaths(base);
  return [
    { type: 'application/rss+xml', title: `${title} (RSS)`, href: paths.rss },
    { type: 'application/atom+xml', title: `${title} (Atom)`, href: paths.atom },
    { type: 'application/feed+json', title: `${title} (JSON Feed)`, href: paths.json },
  ];
}

function socialCard(site: SiteFacts, page: { title: string; description: string; url: string; type: string; image?: { url: string; alt: string } | null }): MetaTag[] {
  return [
    ...property('og:type', page.type),
    ...property('og:site_name', site.name),
    ...property('og:title', page.title),
    ...property('og:description', page.description),
    ...property('og:url', page.url),
    ...property('og:image', page.image?.url),
    ...property('og:image:alt', page.image?.alt),
    ...named('twitter:card', page.image ? 'summary_large_image' : 'summary'),
    ...named('twitter:title', page.title),
    ...named('twitter:description', page.description),
    ...named('twitter:image', page.image?.url),
    ...named('twitter:image:alt', page.image?.alt),
  ];
}

/** articleModified is the article's one honest "modified" date, counting its corrections. */
export function articleModified(
  article: { publishedAt: string; publishedTs: number; updatedAt: string | null; updatedTs: number | null },
  corrections: readonly Correction[],
): Moment {
  const newest = corrections.reduce<Correction | undefined>(
    (latest, c) => (!latest || Date.parse(c.correctedAt) > Date.parse(latest.correctedAt) ? c : latest),
    undefined,
  );
  return latestChange({
    ...article,
    correctedAt: newest?.correctedAt ?? null,
    correctedTs: newest ? Date.parse(newest.correctedAt) : null,
  });
}

/**
 * articleSeo builds an article's social cards and JSON-LD: OpinionNewsArticle (or NewsArticle) with its
 * authors, publisher, dates, image, section, keywords, word count, the original it is based on when
 * syndicated, and its corrections; plus a BreadcrumbList. No reader-supplied data (comments) goes here.
 */
export function articleSeo(input: {
  view: ArticleView;
  authors: readonly Author[];
  modified: Moment;
  site: SiteFacts;
}): PageSeo {
  const { view, authors, modified, site } = input;
  const ownUrl = absoluteUrl(site.url, view.url);
  const description = view.dek || view.summary || site.description;
  // The lead image (its share card when processed), else the generated card (issue 19), else none.
  const image = view.image
    ? { url: absoluteUrl(site.url, view.image.src), alt: view.image.alt }
    : view.shareCard
      ? { url: absoluteUrl(site.url, view.shareCard), alt: `${view.kicker}: ${view.title}` }
      : null;
  const published = rfc3339(view.published.iso);
  const section = view.section || view.kicker;
  const article: JsonLd = {
    '@context': 'https://schema.org',
    '@type': schemaTypeFor(view.type),
    '@id': `${ownUrl}#article`,
    headline: view.title,
    description,
    url: ownUrl,
    mainEntityOfPage: { '@type': 'WebPage', '@id': view.canonicalUrl },
    datePublished: published,
    dateModified: modified.iso,
    author: authors.map((a) => personJsonLd(a, site.url)),
    publisher: organizationJsonLd(site),
    ...(image ? { image: [{ '@type': 'ImageObject', url: image.url, ...(view.image?.caption ? { caption: view.image.caption } : {}) }] } : {}),
    articleSection: section,
    ...(view.tags.length > 0 ? { keywords: view.tags.map((t) => t.name) } : {}),
    wordCount: view.wordCount,
    inLanguage: 'en',
    isAccessibleForFree: true,
    ...(view.source
      ? {
          isBasedOn: {
            '@type': 'CreativeWork',
            url: view.source.url,
            publisher: { '@type': 'Organization', name: view.source.publication },
            ...(view.source.date ? { datePublished: rfc3339(view.source.date.iso) } : {}),
          },
        }
      : {}),
    ...(view.corrections.length > 0
      ? { correction: view.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: rfc3339(c.iso) })) }
      : {}),
  };
  return {
    meta: [
      ...socialCard(site, { title: view.title, description, url: view.canonicalUrl, type: 'article', image }),
      ...property('article:published_time', published),
      ...property('article:modified_time', modified.iso),
      ...authors.flatMap((a) => property('article:author', absoluteUrl(site.url, authorUrl(a.slug)))),
      ...property('article:section', section),
      ...view.tags.flatMap((t) => property('article:tag', t.name)),
    ],
    jsonLd: [jsonLdScript(article), jsonLdScript(breadcrumbJsonLd([{ name: site.name, url: absoluteUrl(site.url, '/') }, { name: view.title, url: ownUrl }]))],
    feeds: [],
    robots: undefined,
  };
}

/** homeSeo describes the front page: WebSite with its SearchAction. */
export function homeSeo(site: SiteFacts, canonicalUrl: string): PageSeo {
  return {
    meta: socialCard(site, { title: site.name, description: site.description, url: canonicalUrl, type: 'website' }),
    jsonLd: [jsonLdScript(websiteJsonLd(site))],
    feeds: [],
    robots: undefined,
  };
}

/** authorSeo describes an author's page: ProfilePage, a breadcrumb, and the author's own feeds. */
export function authorSeo(author: Author, site: SiteFacts, canonicalUrl: string): PageSeo {
  const url = absoluteUrl(site.url, authorUrl(author.slug));
  const description = author.bio || `Opinion pieces by ${author.name}.`;
  return {
    meta: socialCard(site, { title: author.name, description, url: canonicalUrl, type: 'profile' }),
    jsonLd: [
      jsonLdScript(profilePageJsonLd(author, site.url)),
      jsonLdScript(breadcrumbJsonLd([{ name: site.name, url: absoluteUrl(site.url, '/') }, { name: author.name, url }])),
    ],
    feeds: feedLinks(authorUrl(author.slug), `${author.name} | ${site.name}`),
    robots: undefined,
  };
}

/** tagSeo describes a tag's page: a breadcrumb and the tag's own feeds. */
export function tagSeo(tag: { slug: string; name: string }, site: SiteFacts, canonicalUrl: string): PageSeo {
  const url = absoluteUrl(site.url, tagUrl(tag.slug));
  return {
    meta: socialCard(site, { title: tag.name, description: `Opinion pieces tagged ${tag.name}.`, url: canonicalUrl, type: 'website' }),
    jsonLd: [jsonLdScript(breadcrumbJsonLd([{ name: site.name, url: absoluteUrl(site.url, '/') }, { name: tag.name, url }]))],
    feeds: feedLinks(tagUrl(tag.slug), `${tag.name} | ${site.name}`),
    robots: undefined,
  };
}

/** utilitySeo is for pages search engines should not index (search results) or need no cards for. */
export function utilitySeo(robots: string | undefined): PageSeo {
  return { meta: [], jsonLd: [], feeds: [], robots };
}
