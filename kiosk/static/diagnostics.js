// Loket kiosk checklist (/kiosk/diagnostics): measures each script's test
// line (a line drawn in empty boxes is as wide as the same number of
// characters that no font has), shows what the scanner types and whether
// it ends with Enter, tries the camera where the browser reads QR codes,
// and compares the kiosk's clock with the server's.
(function () {
  'use strict';
  var table = document.querySelector('.diag-fonts');
  if (table) {
    var ctx = document.createElement('canvas').getContext('2d');
    Array.prototype.forEach.call(table.querySelectorAll('.diag-sample'), function (sample) {
      ctx.font = getComputedStyle(sample).font;
      var none = ctx.measureText('\uE000').width; // a private-use character: the empty box
      var missing = Array.from(sample.textContent).filter(function (ch) {
        return ch.trim() !== '' && Math.abs(ctx.measureText(ch).width - none) < 0.01;
      }).length;
      var cell = sample.closest('tr').querySelector('.diag-result');
      cell.textContent = missing === 0 ? table.dataset.ok : table.dataset.missing + ' (' + missing + ')';
      cell.dataset.missing = String(missing);
    });
  }

  var form = document.getElementById('diag-scan-form');
  var scan = document.getElementById('diag-scan');
  var result = document.getElementById('diag-scan-result');
  var enter = document.getElementById('diag-scan-enter');
  if (form && scan) {
    scan.addEventListener('input', function () { result.textContent = scan.value; enter.hidden = true; });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      result.textContent = scan.value;
      enter.hidden = false;
      scan.value = '';
    });
  }

  var camera = document.getElementById('diag-camera');
  var video = document.getElementById('diag-video');
  if (camera && 'BarcodeDetector' in window && navigator.mediaDevices) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'kbutton';
    button.textContent = camera.dataset.label;
    camera.replaceChildren(button);
    button.addEventListener('click', function () {
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
        video.srcObject = s;
        video.hidden = false;
        return video.play().then(function look() {
          return detector.detect(video).then(function (codes) {
            if (codes.length > 0) {
              result.textContent = codes[0].rawValue;
              s.getTracks().forEach(function (t) { t.stop(); });
              video.hidden = true;
              return null;
            }
            return new Promise(function (r) { setTimeout(r, 250); }).then(look);
          });
        });
      }).catch(function (err) { result.textContent = String(err && err.name); });
    });
  }

  var clock = document.getElementById('diag-clock');
  if (clock) {
    var now = new Date();
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var off = Math.round((now.getTime() - Number(clock.dataset.server)) / 1000);
    document.getElementById('diag-kiosk-time').textContent = now.toLocaleString('sv-SE', { timeZone: zone }) + ' (' + zone + ', ' + (off >= 0 ? '+' : '') + off + ' s)';
    if (Math.abs(off) > 60) {
      var warn = document.createElement('p');
      warn.className = 'notice notice-error';
      warn.textContent = clock.dataset.off;
      clock.after(warn);
    }
  }
  var screenLine = document.getElementById('diag-screen');
  if (screenLine) {
    screenLine.textContent = window.innerWidth + ' × ' + window.innerHeight + ', ' +
      (window.innerHeight > window.innerWidth ? 'portrait' : 'landscape') + ', touch points: ' + (navigator.maxTouchPoints || 0);
  }
})();
