// Loket proof of work (docs/proof-of-work.md): progressive enhancement
// only. Every form inside an element with data-pow works without this file
// (the server then counts it against a per-address budget). With it, the
// page fetches a challenge from the data-pow URL, solves it in a Web Worker
// (this same file) or, without workers, in short chunks, and fills the
// form's hidden pow_token and pow_solution fields before it is sent. With
// data-pow-eager the work starts when the page opens (a form people type
// into for a while); otherwise when the form is sent.
(function (scope) {
  'use strict';

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var W = new Int32Array(64);

  // sha256 hashes an ASCII string (challenge tokens and solutions are
  // ASCII) and returns the eight 32-bit words of the digest.
  function sha256(s) {
    var n = s.length;
    var blocks = ((n + 8) >> 6) + 1;
    var m = new Int32Array(blocks * 16);
    var i;
    for (i = 0; i < n; i++) { m[i >> 2] |= s.charCodeAt(i) << (24 - (i & 3) * 8); }
    m[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    m[blocks * 16 - 1] = n * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
    var h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var b = 0; b < blocks; b++) {
      var a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t1, t2, x, y;
      for (i = 0; i < 64; i++) {
        if (i < 16) {
          W[i] = m[b * 16 + i];
        } else {
          x = W[i - 15]; y = W[i - 2];
          W[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
            W[i - 7] + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + W[i - 16];
        }
        t1 = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) + K[i] + W[i];
        t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & bb) ^ (a & c) ^ (bb & c));
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return [h0, h1, h2, h3, h4, h5, h6, h7];
  }

  // leading reports whether the digest starts with bits zero bits.
  function leading(hash, bits) {
    for (var i = 0; bits > 0; i++, bits -= 32) {
      var w = hash[i] >>> 0;
      if (bits >= 32 ? w !== 0 : (w >>> (32 - bits)) !== 0) { return false; }
    }
    return true;
  }

  // search tries count solutions from n on; it returns one or null.
  function search(token, bits, n, count) {
    for (var end = n + count; n < end; n++) {
      if (leading(sha256(token + n), bits)) { return String(n); }
    }
    return null;
  }

  if (typeof document === 'undefined') {
    // solveAll finds a solution, however long it takes.
    var solveAll = function (token, bits) {
      var n = 0, found = null;
      while (found === null) { found = search(token, bits, n, 100000); n += 100000; }
      return found;
    };
    if (scope.registration) {
      // Imported by the service worker, which solves for a form it sends
      // later (sw.js).
      scope.loketSolve = solveAll;
      return;
    }
    // Running as the Web Worker: solve and answer.
    scope.onmessage = function (ev) {
      scope.postMessage({ solution: solveAll(ev.data.token, ev.data.bits) });
    };
    return;
  }

  // A form sent back with errors: move focus to its summary, so screen
  // readers announce it and keyboards start there.
  var summary = document.querySelector('.error-summary');
  if (summary) { summary.focus(); }

  // chunked solves on the page in slices of a few milliseconds, so the page
  // stays responsive where workers are missing.
  function chunked(ch, resolve) {
    var n = 0;
    (function step() {
      var found = search(ch.token, ch.bits, n, 2000);
      n += 2000;
      if (found !== null) { resolve(found); } else { setTimeout(step, 0); }
    })();
  }

  function solve(box, ch) {
    return new Promise(function (resolve) {
      if (window.Worker && box.dataset.worker) {
        try {
          var w = new Worker(box.dataset.worker);
          w.onmessage = function (ev) { w.terminate(); resolve(ev.data.solution); };
          w.onerror = function (ev) { ev.preventDefault(); w.terminate(); chunked(ch, resolve); };
          w.postMessage({ token: ch.token, bits: ch.bits });
          return;
        } catch (e) { /* fall through to the chunked loop */ }
      }
      chunked(ch, resolve);
    }).then(function (solution) {
      return { token: ch.token, solution: solution, expires: Date.parse(ch.expires) };
    });
  }

  function guard(box) {
    var form = box.querySelector('form');
    if (!form || !form.elements.pow_token) { return; }
    var status = box.querySelector('.pow-status');
    var ready = null;

    function start() {
      ready = fetch(box.dataset.pow, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (res) { if (!res.ok) { throw new Error('challenge ' + res.status); } return res.json(); })
        .then(function (ch) { return solve(box, ch); });
      ready.catch(function () { ready = null; });
    }
    if (box.hasAttribute('data-pow-eager')) { start(); }

    var sending = false;
    form.addEventListener('submit', function (ev) {
      // The language picker shows the form again in another language: no
      // proof is needed (see kit.LanguageSwitch).
      if (ev.submitter && ev.submitter.name === '_switch') { return; }
      ev.preventDefault();
      if (sending) { return; }
      sending = true;
      form.setAttribute('aria-busy', 'true');
      if (status) { status.textContent = box.dataset.checking || ''; }
      if (!ready) { start(); }
      (ready || Promise.reject(new Error('no challenge')))
        .then(function (r) {
          if (r.expires - Date.now() < 15000) { start(); return ready; }
          return r;
        })
        .then(function (r) {
          form.elements.pow_token.value = r.token;
          form.elements.pow_solution.value = r.solution;
        })
        .catch(function () { /* no proof: the server counts the form like one sent without JavaScript */ })
        .then(function () { form.submit(); });
    });
  }

  if (!window.fetch || !window.Promise) { return; }
  Array.prototype.forEach.call(document.querySelectorAll('[data-pow]'), guard);
})(self);
