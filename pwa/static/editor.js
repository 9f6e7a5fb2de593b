// Live preview for the content editor: while the editor types, the text
// is sent to the server, which renders it exactly as the site will (the
// "Preview" button does the same without JavaScript).
(function () {
  'use strict';
  var form = document.getElementById('editor-form');
  var body = document.getElementById('editor-body');
  var out = document.getElementById('editor-preview');
  if (!form || !body || !out) { return; }
  var timer = null;
  var sent = 0;
  function refresh() {
    var n = ++sent;
    var data = new URLSearchParams(new FormData(form));
    data.delete('action');
    fetch(form.getAttribute('data-preview'), {
      method: 'POST', credentials: 'same-origin', body: data,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    }).then(function (res) {
      return res.ok ? res.text() : null;
    }).then(function (html) {
      if (html !== null && n === sent) { out.innerHTML = html; } // server-rendered, without raw HTML
    }).catch(function () {});
  }
  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
