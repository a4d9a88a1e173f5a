// mime-types ships no type declarations (Express installs it, through send); this is the one function we use.
declare module 'mime-types' {
  /** contentType gives the full Content-Type for an extension or type, charset included, or false if unknown. */
  export function contentType(filenameOrExt: string): string | false;
  const mime: { contentType: typeof contentType };
  export default mime;
}
