// smartypants ships no type declarations; this is the one function we use.
declare module 'smartypants' {
  export function smartypantsu(text: string, attr?: string): string;
}
