// Lighthouse and chrome-launcher live in audit/package.json and are installed only when the audit runs
// (bench/install-tools.ts), while `npm run typecheck` must pass on a plain `npm install`. So the little of
// their APIs we call is declared here; TypeScript prefers these declarations to an installed package's.

declare module 'chrome-launcher' {
  interface LaunchedChrome {
    port: number;
    kill(): Promise<void>;
  }
  /** launch starts Chrome with remote debugging on a free port. */
  export function launch(options: { chromePath?: string; chromeFlags?: string[] }): Promise<LaunchedChrome>;
}

declare module 'lighthouse' {
  interface Category {
    score: number | null;
    auditRefs: { id: string; weight: number }[];
  }
  interface Audit {
    score: number | null;
    displayValue?: string;
  }
  interface Result {
    lhr: {
      runtimeError?: { code: string; message: string };
      categories: Record<string, Category | undefined>;
      audits: Record<string, Audit | undefined>;
    };
    report: string | string[];
  }
  interface Flags {
    port: number;
    output?: 'html' | 'json';
    logLevel?: 'silent' | 'error' | 'info';
    onlyCategories?: string[];
  }
  /** lighthouse audits url in the Chrome listening on flags.port. */
  export default function lighthouse(url: string, flags: Flags): Promise<Result | undefined>;
}
