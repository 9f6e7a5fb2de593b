// check.js decrypts what Loket's Go code encrypted and verifies its VAPID
// header, with independent implementations: http_ece (Mozilla's RFC 8188
// code, used by web-push) and Node's own crypto for the ES256 JWT. It
// reads one JSON object on stdin and prints one on stdout. With
// {"encrypt": ...} it instead encrypts with web-push for Go to decrypt.
'use strict';
const crypto = require('crypto');
const ece = require('http_ece');
const webpush = require('web-push');

const b64u = (b) => Buffer.from(b).toString('base64url');
const unb64u = (s) => Buffer.from(s, 'base64url');

let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  if (req.encrypt) {
    const e = req.encrypt;
    const details = webpush.generateRequestDetails(
      { endpoint: 'https://push.example.org/x', keys: { p256dh: e.p256dh, auth: e.auth } },
      Buffer.from(e.plaintext, 'utf8'),
      { contentEncoding: 'aes128gcm', TTL: 60,
        vapidDetails: { subject: 'mailto:ops@example.org', publicKey: e.vapidPublic, privateKey: e.vapidPrivate } });
    process.stdout.write(JSON.stringify({ body: b64u(details.body), authorization: details.headers.Authorization }));
    return;
  }
  const out = {};
  // The payload.
  const ua = crypto.createECDH('prime256v1');
  ua.setPrivateKey(unb64u(req.uaPrivate));
  try {
    out.plaintext = ece.decrypt(unb64u(req.body), {
      version: 'aes128gcm', privateKey: ua, authSecret: req.auth,
    }).toString('utf8');
  } catch (err) {
    out.decryptError = String(err);
  }
  // The VAPID header: "vapid t=<jwt>, k=<key>".
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(req.authorization);
  if (!m) {
    out.vapidError = 'header shape';
  } else {
    const [h, c, s] = m[1].split('.');
    const pub = unb64u(m[2]);
    const key = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256',
      x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) }, format: 'jwk' });
    out.vapidValid = crypto.verify('sha256', Buffer.from(h + '.' + c), { key, dsaEncoding: 'ieee-p1363' }, unb64u(s));
    out.header = JSON.parse(unb64u(h).toString());
    out.claims = JSON.parse(unb64u(c).toString());
  }
  process.stdout.write(JSON.stringify(out));
});
