// Loket queue pages: prints the kiosk ticket, keeps the phone's place in
// the queue live, and scans booking QR codes with the camera where the
// browser can (BarcodeDetector). Every page works without it.
(function () {
  'use strict';

  // Printing: once on arrival (after taking a ticket), and on request.
  // The print button is a link to the ticket's PDF, for a browser without
  // this script; here it prints the page (the kiosk's Chromium prints
  // straight to the ticket printer with --kiosk-printing).
  var ticket = document.querySelector('[data-autoprint]');
  if (ticket) { window.addEventListener('load', function () { window.print(); }); }
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
    b.addEventListener('click', function (e) { e.preventDefault(); window.print(); });
  });

  // canVibrate: the phone may buzz only once the person has touched the
  // page; before that the browser refuses (and says so in its console).
  function canVibrate() {
    return !!navigator.vibrate && (!navigator.userActivation || navigator.userActivation.hasBeenActive);
  }

  // The phone's place in the queue.
  var place = document.getElementById('place');
  if (place && window.EventSource) {
    var es = new EventSource(place.dataset.events);
    es.onmessage = function (e) {
      var s;
      try { s = JSON.parse(e.data); } catch (err) { return; }
      if (s.state === 'called' && place.dataset.state !== 'called' && canVibrate()) {
        navigator.vibrate([300, 150, 300]);
      }
      place.dataset.state = s.state;
      document.getElementById('place-headline').textContent = s.headline;
      document.getElementById('place-wait').textContent = s.wait || '';
      document.getElementById('place-detail').textContent = s.detail || '';
      place.dataset.live = '1';
      if (s.state === 'done' || s.state === 'other_day') { es.close(); }
    };
  }

  // Camera QR scanning on the check-in form. A USB scanner needs nothing:
  // it types the code and Enter into the focused field.
  var camera = document.querySelector('[data-camera]');
  if (camera && 'BarcodeDetector' in window && navigator.mediaDevices) {
    var field = document.getElementById('code');
    var form = document.getElementById('checkin-form');
    var video = camera.querySelector('video');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'kbutton';
    button.textContent = camera.dataset.cameraLabel;
    camera.parentNode.insertBefore(button, camera);
    var stream = null;
    var stop = function () {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
      camera.hidden = true;
    };
    button.addEventListener('click', function () {
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
        stream = s;
        video.srcObject = s;
        camera.hidden = false;
        return video.play();
      }).then(function look() {
        if (!stream) { return; }
        detector.detect(video).then(function (codes) {
          if (codes.length > 0) {
            field.value = codes[0].rawValue;
            stop();
            form.submit();
            return;
          }
          setTimeout(look, 250);
        }, function () { setTimeout(look, 500); });
      }).catch(stop);
    });
    window.addEventListener('pagehide', stop);
  }
})();
