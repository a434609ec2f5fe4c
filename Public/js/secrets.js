// One-time passwords for the accounts a host creates for a class: random from the browser's
// cryptographic generator, from letters and digits that cannot be misread when copied from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A password of `length` characters (at least 12); every character equally likely. */
export function oneTimePassword(length = 14) {
  const size = Math.max(12, length);
  // Bytes at or above the largest multiple of the alphabet's size are drawn again, so that no
  // character is likelier than another (a plain modulo would favour the first ones).
  const limit = 256 - (256 % ALPHABET.length);
  let password = '';
  const bytes = new Uint8Array(size * 2);
  while (password.length < size) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < limit && password.length < size) password += ALPHABET[byte % ALPHABET.length];
    }
  }
  return password;
}

/** An invite code a host can read out: two words of the alphabet joined by a dash, e.g. "k7pq-x3mz". */
export function inviteCode() {
  const word = oneTimePassword(12);
  return `${word.slice(0, 4)}-${word.slice(4, 8)}`.toLowerCase();
}
