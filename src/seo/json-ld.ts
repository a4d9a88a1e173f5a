import type { Author } from '../db/authors.js';
import { articleTypes } from '../content/article-fields.js';
import { safeJson } from '../http/safe-json.js';
import { absoluteUrl, authorUrl, searchUrlTemplate } from '../urls.js';

/** A JSON-LD node: plain data, serialised by jsonLdScript. */
export type JsonLd = Record<string, unknown>;

/**
 * jsonLdScript serialises structured data for a <script type="application/ld+json"> block, with "<", ">"
 * and "&" escaped (safeJson) so that "</script>" or "<!--" in a string cannot end or confuse the block.
 */
export function jsonLdScript(data: JsonLd): string {
  return safeJson(data);
}

const opinionTypes = new Set<string>(articleTypes);

/**
 * schemaTypeFor names the schema.org type of a piece: every type Broadsheet publishes (op-ed, editorial,
 * column, letter) is opinion, so OpinionNewsArticle; anything else would be a plain NewsArticle.
 */
export function schemaTypeFor(type: string): 'OpinionNewsArticle' | 'NewsArticle' {
  return opinionTypes.has(type) ? 'OpinionNewsArticle' : 'NewsArticle';
}

/** personJsonLd describes an author: name, their page here, job title, affiliation and own site. */
export function personJsonLd(author: Author, siteUrl: string): JsonLd {
  return {
    '@type': 'Person',
    name: author.name,
    url: absoluteUrl(siteUrl, authorUrl(author.slug)),
    ...(author.jobTitle ? { jobTitle: author.jobTitle } : {}),
    ...(author.affiliation ? { affiliation: { '@type': 'Organization', name: author.affiliation } } : {}),
    ...(author.url ? { sameAs: [author.url] } : {}),
    ...(author.portrait ? { image: absoluteUrl(siteUrl, author.portrait) } : {}),
  };
}

/** organizationJsonLd describes the publisher: the site, its address and its logo. */
export function organizationJsonLd(site: { name: string; url: string; logoUrl: string }): JsonLd {
  return { '@type': 'Organization', name: site.name, url: absoluteUrl(site.url, '/'), logo: { '@type': 'ImageObject', url: site.logoUrl } };
}

/** breadcrumbJsonLd lists the trail from the front page to the current page; the last crumb is the page itself. */
export function breadcrumbJsonLd(crumbs: readonly { name: string; url: string }[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, i) => ({ '@type': 'ListItem', position: i + 1, name: crumb.name, item: crumb.url })),
  };
}

/** websiteJsonLd describes the site, with the SearchAction that lets search engines offer a site search box. */
export function websiteJsonLd(site: { name: string; url: string; description: string }): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    url: absoluteUrl(site.url, '/'),
    description: site.description,
    inLanguage: 'en',
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: absoluteUrl(site.url, searchUrlTemplate) },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** profilePageJsonLd describes an author's page, with the author as its main entity. */
export function profilePageJsonLd(author: Author, siteUrl: string): JsonLd {
  const person = personJsonLd(author, siteUrl);
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url: person.url,
    mainEntity: { ...person, ...(author.bio ? { description: author.bio } : {}) },
  };
}
