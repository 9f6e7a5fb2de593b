// A client for Loket's booking proof of work, written from
// docs/proof-of-work.md alone, with Node's crypto module and nothing else.
//
//   node proof-of-work.mjs solve TOKEN BITS   prints a solution
//   node proof-of-work.mjs check TOKEN SOLUTION BITS   exits 0 when it holds
import { createHash } from 'node:crypto';

// leadingZeroBits counts the zero bits at the start of a hash.
function leadingZeroBits(hash) {
  let n = 0;
  for (const byte of hash) {
    if (byte !== 0) return n + Math.clz32(byte) - 24;
    n += 8;
  }
  return n;
}

export function holds(token, solution, bits) {
  if (solution.length < 1 || solution.length > 64 || !/^[\x20-\x7e]+$/.test(solution)) return false;
  return leadingZeroBits(createHash('sha256').update(token + solution, 'ascii').digest()) >= bits;
}

export function solve(token, bits) {
  for (let i = 0; ; i++) {
    const s = String(i);
    if (holds(token, s, bits)) return s;
  }
}

function main([cmd, ...args]) {
  if (cmd === 'solve' && args.length === 2) {
    console.log(solve(args[0], Number(args[1])));
    return 0;
  }
  if (cmd === 'check' && args.length === 3) {
    return holds(args[0], args[1], Number(args[2])) ? 0 : 1;
  }
  console.error('usage: proof-of-work.mjs solve TOKEN BITS | check TOKEN SOLUTION BITS');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
