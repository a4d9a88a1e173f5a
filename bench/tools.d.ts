// The benchmark's tools live in bench/package.json and are installed only when a benchmark runs
// (bench/install-tools.ts), while `npm run typecheck` must pass on a plain `npm install`. So the little of
// their APIs we call is declared here; TypeScript prefers these declarations to an installed package's.

declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
    pipelining?: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    /** Bytes. */
    throughput: Histogram;
    /** Seconds actually run. */
    duration: number;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  /** autocannon loads options.url for options.duration seconds and resolves with what it measured. */
  export default function autocannon(options: Options): Promise<Result>;
}

declare module '@11ty/eleventy' {
  interface UserConfig {
    addGlobalData(name: string, value: unknown): void;
    setIncludesDirectory(dir: string): void;
  }
  interface Options {
    quietMode?: boolean;
    configPath?: string | false;
    config?: (config: UserConfig) => void;
  }
  /** Eleventy builds inputDir into outputDir when write() is called. */
  export default class Eleventy {
    constructor(inputDir: string, outputDir: string, options?: Options);
    write(): Promise<unknown>;
  }
}
