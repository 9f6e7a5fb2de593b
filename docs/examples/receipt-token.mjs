// A verifier for Loket receipt tokens, written from docs/receipt-token.md
// alone, with Node's crypto module and nothing else.
//
//   node receipt-token.mjs verify KEYS.json TOKEN-or-LINK [NOW]
//     prints the payload as JSON and exits 0 when the token is genuine;
//     prints {"genuine":false,"reason_code":...} and exits 1 otherwise.
//   node receipt-token.mjs vectors receipt-token-vectors.json
//     checks every test vector; exits 0 when all agree.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const KINDS = [null, 'booking_confirmed', 'booking_moved', 'booking_cancelled', 'queue_ticket',
  'kiosk_checkin', 'escalation', 'status_printout', 'address_notification'];
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX = Buffer.concat([Buffer.from('loket-receipt', 'ascii'), Buffer.from([0])]);

class Refusal extends Error {
  constructor(reason, detail) { super(`${reason}: ${detail}`); this.reason = reason; }
}
const malformed = (detail) => new Refusal('malformed', detail);

// Section 1: base64url without padding, canonical.
function decodeText(text) {
  if (text.length > 160) throw malformed('longer than 160 characters');
  if (text.length % 4 === 1) throw malformed('impossible length');
  let bits = 0, value = 0;
  const out = [];
  for (const ch of text) {
    const v = B64URL.indexOf(ch);
    if (v < 0) throw malformed(`character ${JSON.stringify(ch)}`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  if (value !== 0) throw malformed('unused bits are not zero');
  return Buffer.from(out);
}

// Section 5: 8 bytes as 13 lower-case base32 characters.
function receiptID(bytes) {
  let bits = 0, value = 0, s = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      s += BASE32[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) s += BASE32[(value << (5 - bits)) & 31];
  return s;
}

const REFERENCE = /^[A-Za-z0-9\-./]{1,16}$/;
const OFFICE = /^[a-z0-9-]{1,16}$/;

// Section 2: the byte layout.
function parse(bytes) {
  if (bytes.length < 90) throw malformed(`${bytes.length} bytes`);
  if (bytes[0] !== 1) throw malformed(`version ${bytes[0]}`);
  const kind = KINDS[bytes[1]];
  if (!kind) throw malformed(`kind code ${bytes[1]}`);
  let i = 10;
  const text = (re, what) => {
    const n = bytes[i];
    if (n < 1 || n > 16 || i + 1 + n > bytes.length) throw malformed(`${what} length`);
    const s = bytes.subarray(i + 1, i + 1 + n).toString('latin1');
    if (!re.test(s)) throw malformed(what);
    i += 1 + n;
    return s;
  };
  const reference = text(REFERENCE, 'reference');
  const office = text(OFFICE, 'office id');
  if (bytes.length !== i + 4 + 4 + 4 + 64) throw malformed('length');
  const minutes = (o) => new Date(bytes.readUInt32BE(o) * 60000);
  return {
    version: 1, kind, kind_code: bytes[1], receipt_id: receiptID(bytes.subarray(2, 10)),
    reference, office, at: minutes(i), expires: minutes(i + 4),
    kid: bytes.subarray(i + 8, i + 12).toString('hex'),
    signed: bytes.subarray(0, i + 12), signature: bytes.subarray(i + 12),
  };
}

// Section 6: a key set, each key checked against its id.
export function loadKeys(set) {
  const keys = new Map();
  for (const k of set.keys) {
    if (k.kty !== 'OKP' || k.crv !== 'Ed25519') throw new Error(`key ${k.kid} is not Ed25519`);
    const raw = decodeText(k.x);
    if (raw.length !== 32) throw new Error(`key ${k.kid} is not 32 bytes`);
    const id = createHash('sha256').update(raw).digest().subarray(0, 4).toString('hex');
    if (id !== k.kid) throw new Error(`key ${k.kid} does not match its id ${id}`);
    keys.set(id, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x }, format: 'jwk' }));
  }
  return keys;
}

// Section 8: verification, in order.
export function verifyToken(token, keys, now) {
  const p = parse(decodeText(token));
  const key = keys.get(p.kid);
  if (!key) throw new Refusal('unknown_key', p.kid);
  if (!verify(null, Buffer.concat([PREFIX, p.signed]), key, p.signature)) throw new Refusal('bad_signature', 'signature');
  if (now.getTime() >= p.expires.getTime()) throw new Refusal('expired', p.expires.toISOString());
  const { signed, signature, ...payload } = p;
  return payload;
}

// tokenOf takes the token out of a link (…/r/TOKEN?…#…) or returns text.
function tokenOf(text) {
  const m = /\/r\/([^/?#]*)/.exec(text);
  return m ? m[1] : text.trim();
}

const iso = (d) => d.toISOString().replace('.000Z', 'Z');

function checkVectors(file) {
  const v = JSON.parse(readFileSync(file, 'utf8'));
  const keys = loadKeys(v.keys);
  const now = new Date(v.now);
  let failures = 0;
  for (const want of v.valid) {
    try {
      const got = verifyToken(want.token, keys, now);
      const same = Object.entries(want.payload).every(([k, w]) =>
        (got[k] instanceof Date ? iso(got[k]) : got[k]) === w);
      if (!same) { failures++; console.log('payload differs', JSON.stringify(got), JSON.stringify(want.payload)); }
    } catch (e) { failures++; console.log(`valid vector refused (${e.message}): ${want.token}`); }
  }
  for (const bad of v.invalid) {
    try {
      verifyToken(bad.token, keys, now);
      failures++; console.log(`invalid vector accepted (${bad.why}): ${bad.token}`);
    } catch (e) {
      if (e.reason !== bad.reason) { failures++; console.log(`${bad.why}: ${e.message}, want ${bad.reason}`); }
    }
  }
  const n = v.valid.length + v.invalid.length;
  console.log(failures === 0 ? `${n} vectors agree` : `${failures} of ${n} vectors disagree`);
  return failures === 0 ? 0 : 1;
}

function main([cmd, ...args]) {
  if (cmd === 'vectors' && args.length === 1) return checkVectors(args[0]);
  if (cmd === 'verify' && (args.length === 2 || args.length === 3)) {
    const keys = loadKeys(JSON.parse(readFileSync(args[0], 'utf8')));
    try {
      const p = verifyToken(tokenOf(args[1]), keys, args[2] ? new Date(args[2]) : new Date());
      console.log(JSON.stringify({ genuine: true, ...p, at: iso(p.at), expires: iso(p.expires) }));
      return 0;
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      console.log(JSON.stringify({ genuine: false, reason_code: e.reason }));
      return 1;
    }
  }
  console.error('usage: receipt-token.mjs verify KEYS.json TOKEN [NOW] | vectors FILE');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
