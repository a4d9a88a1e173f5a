/**
 * CRC-32 (the gzip trailer's checksum) of a concatenation, from the CRCs of its pieces, without reading the
 * bytes again: the arithmetic of zlib's crc32_combine (GF(2) polynomials modulo the CRC's, reflected).
 * A cached page's fixed parts are checksummed once; per request only the small live fragments are.
 */

// The CRC-32 polynomial, reflected (bit 31 is x^0).
const polynomial = 0xedb88320;

/** a × b modulo the CRC polynomial. */
function multiplyModP(a: number, b: number): number {
  let m = 0x80000000;
  let product = 0;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ polynomial : b >>> 1;
  }
  return product >>> 0;
}

// powers[k] = x^(2^k) modulo the polynomial.
const powers = new Uint32Array(32);
{
  let p = 0x40000000; // x^1
  for (let k = 0; k < 32; k += 1) {
    powers[k] = p;
    p = multiplyModP(p, p);
  }
}

/**
 * crc32Shift is the operator that appends `length` bytes to a CRC: x^(8 × length) modulo the polynomial.
 * Pieces of fixed length can keep theirs.
 */
export function crc32Shift(length: number): number {
  let p = 0x80000000; // x^0
  let k = 3; // 8 = 2^3 bits per byte
  for (let n = length; n > 0; n = Math.floor(n / 2), k += 1) if (n % 2 === 1) p = multiplyModP(powers[k % 32]!, p);
  return p;
}

/** crc32Combine is the CRC of A followed by B, given CRC(A), CRC(B) and crc32Shift(B's length). */
export function crc32Combine(crcA: number, crcB: number, shiftB: number): number {
  return (multiplyModP(shiftB, crcA) ^ crcB) >>> 0;
}
