// Loket dossier status: progressive enhancement only.
// - Letter page: the QR code's URL carries "<number>.<code>" in its
//   fragment, which is never sent to the server. Fill the form from it,
//   drop it from the address bar and history, and post it.
// - Result page: "keep on this phone" stores the shown status (no date of
//   birth, no access code) in localStorage, only when the person asks.
// - Lookup page (and the offline page shown in its place): show the kept
//   status with a notice and a one-tap "forget", in the words and date
//   format of the page's language.
// - Kiosk: the dossier field accepts a scanned letter URL.
(function () {
  'use strict';
  var KEY = 'loket.status';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  // Letter page.
  var letter = document.querySelector('[data-letter-form] form');
  var m = /^#([0-9]{8})\.([A-Za-z0-9]{10})$/.exec(location.hash);
  if (letter && m) {
    history.replaceState(null, '', location.pathname);
    letter.elements.dossier.value = m[1];
    letter.elements.access_code.value = m[2];
    letter.submit();
    return;
  }

  // Kiosk: a scanner types the whole URL into the number field.
  var html = document.documentElement;
  if (html.classList.contains('kiosk')) {
    var num = document.getElementById('f-dossier');
    if (num) { num.removeAttribute('maxlength'); }
    return;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }

  function json(id) {
    var e = document.getElementById(id);
    try { return e ? JSON.parse(e.textContent) : null; } catch (err) { return null; }
  }

  // Result page: keep on this phone. The record comes as JSON in a script
  // element: the texts exactly as shown, in their language, dates as ISO.
  var remember = document.getElementById('remember');
  if (remember) {
    var kept = json('remember-data');
    var button = document.getElementById('remember-button');
    var msg = document.getElementById('remember-message');
    if (!kept) { return; }
    remember.hidden = false;
    button.addEventListener('click', function () {
      try {
        localStorage.setItem(KEY, JSON.stringify(kept));
        msg.textContent = remember.dataset.done;
      } catch (e) { /* storage may be off or full */ }
    });
    return;
  }

  // Lookup page, or the offline page the service worker shows in its
  // place: the kept status inside the words of this page's language.
  var rec = load();
  var slot = document.querySelector('[data-saved-slot]');
  var labels = json('saved-labels');
  if (!rec || !rec.todo || !slot || !labels) { return; }
  if (!/\/status$/.test(location.pathname)) { return; }

  // date writes an ISO day as the server does in a sentence, with the
  // page's month names and digits.
  function date(iso) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso || '');
    if (!m) { return iso || ''; }
    var digits = function (s) {
      return s.replace(/[0-9]/g, function (d) { return labels.digits.charAt(+d); });
    };
    return labels.date.replace('{day}', digits(String(+m[3])))
      .replace('{month}', labels.months[+m[2] - 1]).replace('{year}', digits(m[1]));
  }
  function inRecordLanguage(e) {
    e.setAttribute('lang', rec.lang);
    e.setAttribute('dir', rec.dir);
    return e;
  }

  slot.setAttribute('aria-labelledby', 'saved-heading');
  var h = el('h2', '', labels.heading);
  h.id = 'saved-heading';
  slot.appendChild(h);
  slot.appendChild(el('p', 'hint', labels.notice.replace('{date}', date(rec.updated))));
  slot.appendChild(inRecordLanguage(el('p', 'saved-procedure', rec.procedure)));
  slot.appendChild(inRecordLanguage(el('h3', 'saved-title', rec.title)));
  slot.appendChild(el('p', 'saved-since', labels.since.replace('{date}', date(rec.since))));
  slot.appendChild(inRecordLanguage(el('p', '', rec.meaning)));
  slot.appendChild(el('h3', '', labels.todo_label));
  slot.appendChild(inRecordLanguage(el('p', 'saved-todo', rec.todo)));
  var forget = el('button', 'button button-secondary', labels.forget);
  forget.type = 'button';
  forget.id = 'forget-button';
  var status = el('p');
  status.setAttribute('role', 'status');
  forget.addEventListener('click', function () {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
    while (slot.firstChild) { slot.removeChild(slot.firstChild); }
    status.textContent = labels.forgotten;
    slot.appendChild(status);
  });
  slot.appendChild(forget);
  slot.hidden = false;
})();
