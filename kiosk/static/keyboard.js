// Loket kiosk: on-screen input for touch-only screens. A field marked
// data-keyboard (the forms engine emits it from the definitions) gets its
// keyboard right below it when touched: digits, code (the reference
// alphabet), phone, email, text (Latin, Arabic, Cyrillic, Ethiopic), latin
// (Latin letters only, with a note) or date (day, month and year pickers in
// the order the language writes dates). A keyboard can only produce what
// its field takes; pasting and USB scanners still type into the field. The
// labels come translated from the kiosk form's data-kb-* attributes.
(function () {
  'use strict';

  var CODE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // refcode.Alphabet
  var DIGITS = '1234567890';
  var LATIN = {
    qwerty: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
    azerty: ['azertyuiop', 'qsdfghjklm', 'wxcvbn'],
    qwertz: ['qwertzuiop', 'asdfghjkl', 'yxcvbnm']
  };
  var LATIN_LAYOUT = { fr: 'azerty', de: 'qwertz' };
  // The letters with diacritics each Latin-script language needs; other
  // languages get all of them (names from anywhere).
  var ACCENTS = {
    en: '', so: '', nl: 'éëèïöüáóú', fr: 'éèêëàâçîïôùûüœ', de: 'äöüß',
    tr: 'çğıöşü', es: 'áéíóúñü'
  };
  var ACCENTS_ALL = 'áàâäçéèêëíîïñóôöœúùûüßğış';
  var ARABIC = {
    ar: ['ضصثقفغعهخحج', 'شسيبلاتنمكط', 'ذئءؤرىةوزظد', 'أإآ،؟'],
    fa: ['ضصثقفغعهخحجچ', 'شسیبلاتنمکگپ', 'ظطزرذدئوژآء،؟'],
    ps: ['ضصثقفغعهخحجچ', 'شسیبلاتنمکګپ', 'ظطزرذدئوژآء،؟', 'ټځڅډړږښڼۍېي']
  };
  var CYRILLIC = {
    uk: ['йцукенгшщзхї', 'фівапролджє', 'ячсмитьбюґ\''],
    ru: ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё']
  };
  // Ethiopic consonants Tigrinya uses; each one's seven orders are the
  // seven code points from it (ä u i a e ə o).
  var ETHIOPIC = [0x1200, 0x1208, 0x1210, 0x1218, 0x1228, 0x1230, 0x1238, 0x1240, 0x1250,
    0x1260, 0x1268, 0x1270, 0x1278, 0x1280, 0x1290, 0x1298, 0x12A0, 0x12A8, 0x12B8, 0x12C8,
    0x12D0, 0x12D8, 0x12E0, 0x12E8, 0x12F0, 0x1300, 0x1308, 0x1320, 0x1328, 0x1330, 0x1338,
    0x1340, 0x1348, 0x1350];
  var SCRIPT_OF = { ar: 'arabic', fa: 'arabic', ps: 'arabic', uk: 'cyrillic', ru: 'cyrillic', ti: 'ethiopic' };
  var SCRIPT_TAB = {
    latin: { text: 'ABC', lang: 'en' }, arabic: { text: 'أ ب ت', lang: 'ar' },
    cyrillic: { text: 'А Б В', lang: 'uk' }, ethiopic: { text: 'ሀ ለ ሐ', lang: 'ti' }
  };

  var lang = document.documentElement.lang || 'en';
  var current = null; // { input, el }

  function labels(input) {
    return (input.closest('[data-kb-delete]') || document.body).dataset;
  }

  function chars(s) { return Array.from(s); }

  function fire(input) {
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // selection is the field's selection (the caret), or its end when the
  // field is not focused or has no selection (email fields).
  function selection(input) {
    var n = input.value.length;
    if (document.activeElement === input) {
      try {
        if (typeof input.selectionStart === 'number') { return [input.selectionStart, input.selectionEnd]; }
      } catch (e) { /* no selection API on this type */ }
    }
    return [n, n];
  }

  function place(input, value, caret) {
    input.value = value;
    try { input.setSelectionRange(caret, caret); } catch (e) { /* idem */ }
    fire(input);
  }

  // insert puts s at the caret unless the field is full.
  function insert(input, s) {
    var v = input.value;
    var sel = selection(input);
    var max = input.maxLength > 0 ? input.maxLength : Infinity;
    if (v.length - (sel[1] - sel[0]) + s.length > max) { return; }
    place(input, v.slice(0, sel[0]) + s + v.slice(sel[1]), sel[0] + s.length);
  }

  function erase(input) {
    var v = input.value;
    var sel = selection(input);
    if (sel[0] === sel[1]) {
      if (sel[0] === 0) { return; }
      sel[0] -= 1;
    }
    place(input, v.slice(0, sel[0]) + v.slice(sel[1]), sel[0]);
  }

  function key(text, onTap, opts) {
    opts = opts || {};
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'kb-key' + (opts.cls ? ' ' + opts.cls : '');
    b.textContent = text;
    if (opts.label) { b.setAttribute('aria-label', opts.label); }
    if (opts.lang) { b.lang = opts.lang; }
    if (opts.pressed !== undefined) { b.setAttribute('aria-pressed', String(opts.pressed)); }
    b.dataset.key = opts.name || text;
    // Keep the focus (and caret) in the field on a mouse or touch press.
    b.addEventListener('mousedown', function (e) { e.preventDefault(); });
    b.addEventListener('click', onTap);
    return b;
  }

  function row(keys, dir) {
    var r = document.createElement('div');
    r.className = 'kb-row';
    if (dir) { r.dir = dir; }
    keys.forEach(function (k) { r.appendChild(k); });
    return r;
  }

  function letterKeys(input, letters, shift) {
    return chars(letters).map(function (c) {
      var shown = shift && c !== 'ß' ? c.toLocaleUpperCase(lang === 'tr' ? 'tr' : undefined) : c;
      return key(shown, function () { insert(input, shown); });
    });
  }

  function controls(input, el) {
    var d = labels(input);
    var keys = [];
    keys.push(key('⌫', function () { erase(input); }, { cls: 'kb-wide', label: d.kbDelete, name: 'delete' }));
    keys.push(key(d.kbNext || '→', function () { next(input); }, { cls: 'kb-wide kb-next', name: 'next' }));
    el.appendChild(row(keys));
  }

  function grid(input, symbols, cls) {
    var g = document.createElement('div');
    g.className = 'kb-grid ' + cls;
    g.dir = 'ltr';
    chars(symbols).forEach(function (c) {
      g.appendChild(key(c, function () { insert(input, c); }));
    });
    return g;
  }

  var build = {
    digits: function (input, el) {
      el.appendChild(grid(input, DIGITS, 'kb-pad kb-digits'));
      controls(input, el);
    },
    phone: function (input, el) {
      el.appendChild(grid(input, '123456789+0', 'kb-pad'));
      controls(input, el);
    },
    code: function (input, el) {
      el.appendChild(grid(input, CODE, 'kb-code'));
      controls(input, el);
    },
    email: function (input, el) {
      el.appendChild(row(letterKeys(input, DIGITS, false), 'ltr'));
      LATIN.qwerty.forEach(function (r) { el.appendChild(row(letterKeys(input, r, false), 'ltr')); });
      el.appendChild(row(['@', '.', '-', '_', '+', '.be', '.com'].map(function (s) {
        return key(s, function () { insert(input, s); });
      }), 'ltr'));
      controls(input, el);
    },
    latin: function (input, el) {
      var note = document.createElement('p');
      note.className = 'kb-note';
      note.id = input.id + '-kb-note';
      note.textContent = labels(input).kbLatinOnly;
      el.appendChild(note);
      var by = input.getAttribute('aria-describedby');
      if (!by || by.split(' ').indexOf(note.id) < 0) {
        input.setAttribute('aria-describedby', (by ? by + ' ' : '') + note.id);
      }
      text(input, el, ['latin']);
    },
    text: function (input, el) {
      var own = SCRIPT_OF[lang] || 'latin';
      var scripts = [own].concat(['latin', 'arabic', 'cyrillic', 'ethiopic'].filter(function (s) { return s !== own; }));
      text(input, el, scripts);
    },
    date: date,
    pick: pick
  };

  // pick shows a select's options as buttons; a long list (countries)
  // first asks for the initial letter, in the visitor's language.
  function pick(select, el) {
    var opts = Array.prototype.filter.call(select.options, function (o) { return o.value !== ''; });
    var long = opts.length > 24;
    var initialOf = function (o) { return Array.from(o.text.trim())[0].toLocaleUpperCase(lang); };
    var chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
    var state = { initial: long && chosen ? initialOf(chosen) : null };
    var body = document.createElement('div');
    el.appendChild(body);
    function draw() {
      body.textContent = '';
      if (long) {
        var seen = [];
        opts.forEach(function (o) {
          var c = initialOf(o);
          if (seen.indexOf(c) < 0) { seen.push(c); }
        });
        body.appendChild(row(seen.map(function (c) {
          return key(c, function () { state.initial = c; draw(); },
            { pressed: c === state.initial, name: 'initial-' + c });
        })));
      }
      var g = document.createElement('div');
      g.className = 'kb-grid kb-options';
      opts.filter(function (o) { return !long || initialOf(o) === state.initial; }).forEach(function (o) {
        g.appendChild(key(o.text, function () {
          select.value = o.value;
          select.dispatchEvent(new Event('input', { bubbles: true }));
          select.dispatchEvent(new Event('change', { bubbles: true }));
          next(select);
        }, { pressed: o.selected, name: 'option-' + o.value }));
      });
      body.appendChild(g);
      body.appendChild(row([key(labels(select).kbNext || '→', function () { next(select); },
        { cls: 'kb-wide kb-next', name: 'next' })]));
    }
    draw();
  }

  // text builds a full keyboard; with several scripts, tabs switch them.
  function text(input, el, scripts) {
    var d = labels(input);
    var state = { script: scripts[0], shift: false, consonant: null };
    var body = document.createElement('div');
    var tabs = null;
    if (scripts.length > 1) {
      tabs = document.createElement('div');
      tabs.className = 'kb-row kb-tabs';
      tabs.setAttribute('role', 'group');
      tabs.setAttribute('aria-label', d.kbScript || '');
      scripts.forEach(function (s) {
        tabs.appendChild(key(SCRIPT_TAB[s].text, function () {
          state.script = s;
          state.consonant = null;
          draw();
        }, { lang: SCRIPT_TAB[s].lang, pressed: false, cls: 'kb-tab', name: 'script-' + s }));
      });
      el.appendChild(tabs);
    }
    el.appendChild(body);
    function draw() {
      body.textContent = '';
      if (tabs) {
        Array.prototype.forEach.call(tabs.children, function (b, i) {
          b.setAttribute('aria-pressed', String(scripts[i] === state.script));
        });
      }
      var s = state.script;
      if (s === 'latin') {
        var accents = Object.prototype.hasOwnProperty.call(ACCENTS, lang) ? ACCENTS[lang] : ACCENTS_ALL;
        body.appendChild(row(letterKeys(input, DIGITS, false), 'ltr'));
        LATIN[LATIN_LAYOUT[lang] || 'qwerty'].forEach(function (r) {
          body.appendChild(row(letterKeys(input, r, state.shift), 'ltr'));
        });
        var extra = letterKeys(input, accents + '-\'.,', state.shift);
        body.appendChild(row(extra, 'ltr'));
      } else if (s === 'cyrillic') {
        body.appendChild(row(letterKeys(input, DIGITS, false), 'ltr'));
        CYRILLIC[lang === 'ru' ? 'ru' : 'uk'].forEach(function (r) {
          body.appendChild(row(letterKeys(input, r, state.shift), 'ltr'));
        });
        body.appendChild(row(letterKeys(input, '-.,?!', false), 'ltr'));
      } else if (s === 'arabic') {
        body.appendChild(row(letterKeys(input, DIGITS, false), 'ltr'));
        (ARABIC[lang] || ARABIC.ar).forEach(function (r) {
          body.appendChild(row(letterKeys(input, r, false), 'ltr'));
        });
      } else {
        ethiopic(input, body, state, draw);
      }
      var keys = [];
      if (s === 'latin' || s === 'cyrillic') {
        keys.push(key('⇧', function () { state.shift = !state.shift; draw(); },
          { cls: 'kb-wide', label: d.kbShift, pressed: state.shift, name: 'shift' }));
      }
      keys.push(key('␣', function () { insert(input, ' '); }, { cls: 'kb-space', label: d.kbSpace, name: 'space' }));
      keys.push(key('⌫', function () { erase(input); }, { cls: 'kb-wide', label: d.kbDelete, name: 'delete' }));
      keys.push(key(d.kbNext || '→', function () { next(input); }, { cls: 'kb-wide kb-next', name: 'next' }));
      body.appendChild(row(keys));
    }
    draw();
  }

  // ethiopic is a syllable picker: a consonant, then one of its orders.
  function ethiopic(input, body, state, draw) {
    if (state.consonant !== null) {
      var orders = [];
      for (var i = 0; i < 7; i++) {
        orders.push(String.fromCodePoint(state.consonant + i));
      }
      var r = row(orders.map(function (c) {
        return key(c, function () { insert(input, c); state.consonant = null; draw(); }, { cls: 'kb-order' });
      }));
      r.classList.add('kb-orders');
      r.setAttribute('role', 'group');
      r.setAttribute('aria-label', String.fromCodePoint(state.consonant));
      body.appendChild(r);
    }
    var g = document.createElement('div');
    g.className = 'kb-row kb-consonants';
    ETHIOPIC.forEach(function (cp) {
      g.appendChild(key(String.fromCodePoint(cp), function () {
        state.consonant = state.consonant === cp ? null : cp;
        draw();
      }, { pressed: state.consonant === cp }));
    });
    body.appendChild(g);
    body.appendChild(row(letterKeys(input, DIGITS + '።፣፧', false), 'ltr'));
  }

  // Dates: the field holds the date in the language's order with ASCII
  // digits ("31/12/1990", or "1990-12-31" for fa and ps), which the server
  // reads; the pickers fill it one part at a time.
  function dateOrder(input) { return labels(input).kbDateOrder === 'ymd' ? 'ymd' : 'dmy'; }

  function parseParts(v) {
    var m = /^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/.exec(v);
    if (m) { return { d: m[1], m: m[2], y: m[3] }; }
    m = /^\s*(\d{4})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*$/.exec(v);
    if (m) { return { d: m[3], m: m[2], y: m[1] }; }
    return { d: '', m: '', y: '' };
  }

  function pad2(s) { return s.length === 1 ? '0' + s : s; }

  function compose(p, order) {
    if (!p.d && !p.m && !p.y) { return ''; }
    var d = p.d ? pad2(p.d) : '';
    var m = p.m ? pad2(p.m) : '';
    return order === 'ymd' ? p.y + '-' + m + '-' + d : d + '/' + m + '/' + p.y;
  }

  // dateProblem is '' for an empty or real date, 'unfinished' for a
  // partial one, 'wrong' for a day that does not exist (31/02).
  function dateProblem(v) {
    if (v.trim() === '') { return ''; }
    var p = parseParts(v);
    if (!p.y) { return 'unfinished'; }
    var d = +p.d;
    var m = +p.m;
    var y = +p.y;
    if (m < 1 || m > 12 || d < 1 || y < 1) { return 'wrong'; }
    return d > new Date(Date.UTC(y, m, 0)).getUTCDate() ? 'wrong' : '';
  }

  function showDateProblem(input) {
    var problem = dateProblem(input.value);
    var id = input.id + '-kb-check';
    var p = document.getElementById(id);
    var by = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== id; });
    if (!problem) {
      if (p) { p.remove(); }
      input.removeAttribute('aria-invalid');
    } else {
      if (!p) {
        p = document.createElement('p');
        p.className = 'field-error kb-check';
        p.id = id;
        p.setAttribute('role', 'alert');
        input.insertAdjacentElement('beforebegin', p);
      }
      p.textContent = problem === 'wrong' ? input.dataset.kbDateWrong : input.dataset.kbDateUnfinished;
      input.setAttribute('aria-invalid', 'true');
      by.push(id);
    }
    if (by.length) { input.setAttribute('aria-describedby', by.join(' ')); } else { input.removeAttribute('aria-describedby'); }
    return problem;
  }

  function date(input, el) {
    var d = labels(input);
    var order = dateOrder(input);
    var parts = chars(order);
    var names = { d: d.kbDay, m: d.kbMonth, y: d.kbYear };
    var months = (d.kbMonths || '').split('|');
    var state = parseParts(input.value);
    var complete = function (k) { return k === 'y' ? state.y.length === 4 : state[k] !== ''; };
    var active = parts.filter(function (k) { return !complete(k); })[0] || parts[0];
    var head = document.createElement('div');
    head.className = 'kb-row kb-date-parts';
    var panel = document.createElement('div');
    panel.className = 'kb-date-panel';
    panel.setAttribute('role', 'group');
    el.appendChild(head);
    el.appendChild(panel);

    function set(k, v) {
      state[k] = v;
      input.value = compose(state, order);
      fire(input);
      if (complete(k)) {
        active = parts.filter(function (x) { return !complete(x); })[0] || active;
      }
      if (parts.every(complete)) { showDateProblem(input); }
      draw();
    }

    function draw() {
      head.textContent = '';
      parts.forEach(function (k) {
        var shown = state[k] ? (k === 'm' ? state.m + ' · ' + (months[+state.m - 1] || '') : state[k]) : '—';
        var b = key('', function () { active = k; draw(); }, { cls: 'kb-part', pressed: k === active, name: 'part-' + k });
        var name = document.createElement('span');
        name.className = 'kb-part-name';
        name.textContent = names[k] || '';
        var val = document.createElement('span');
        val.className = 'kb-part-value';
        val.textContent = shown;
        b.appendChild(name);
        b.appendChild(val);
        head.appendChild(b);
      });
      panel.textContent = '';
      panel.setAttribute('aria-label', names[active] || '');
      var g = document.createElement('div');
      if (active === 'd') {
        g.className = 'kb-grid kb-days';
        for (var i = 1; i <= 31; i++) {
          g.appendChild(pick('d', String(i), String(i)));
        }
      } else if (active === 'm') {
        g.className = 'kb-grid kb-months';
        for (var j = 1; j <= 12; j++) {
          var b = pick('m', String(j), j + ' · ' + (months[j - 1] || ''));
          g.appendChild(b);
        }
      } else {
        g.className = 'kb-grid kb-pad kb-digits';
        g.dir = 'ltr';
        chars('1234567890').forEach(function (c) {
          g.appendChild(key(c, function () {
            var y = state.y.length >= 4 ? '' : state.y;
            set('y', y + c);
          }));
        });
      }
      panel.appendChild(g);
      var keys = [key('⌫', function () {
        if (active === 'y' && state.y) { set('y', state.y.slice(0, -1)); } else { set(active, ''); }
      }, { cls: 'kb-wide', label: d.kbDelete, name: 'delete' })];
      keys.push(key(d.kbNext || '→', function () { next(input); }, { cls: 'kb-wide kb-next', name: 'next' }));
      panel.appendChild(row(keys));
    }

    function pick(k, value, text) {
      return key(text, function () { set(k, value); }, { pressed: String(+state[k]) === value, name: k + value });
    }

    draw();
  }

  // next moves on to the following control of the form, opening its
  // keyboard, or to the submit button.
  function next(input) {
    var form = input.form;
    if (!form) { close(); return; }
    var els = Array.prototype.filter.call(form.elements, function (e) {
      return e.type !== 'hidden' && !e.disabled && !e.closest('.kb') && e.getClientRects().length > 0;
    });
    var after = els[els.indexOf(input) + 1];
    close();
    if (after) {
      after.focus();
      if (after.dataset.keyboard) { open(after); }
      (after.closest('.field') || after).scrollIntoView({ block: 'nearest' });
    }
  }

  function close() {
    if (!current) { return; }
    current.el.remove();
    current.input.classList.remove('kb-open');
    current = null;
  }

  function open(input) {
    if (current && current.input === input) { return; }
    close();
    var kind = input.dataset.keyboard;
    if (!build[kind]) { return; }
    var el = document.createElement('div');
    el.className = 'kb kb-' + kind;
    el.setAttribute('role', 'group');
    var label = input.labels && input.labels[0] ? input.labels[0].textContent.trim() : '';
    el.setAttribute('aria-label', (labels(input).kbName || '') + (label ? ': ' + label : ''));
    build[kind](input, el);
    input.insertAdjacentElement('afterend', el);
    input.classList.add('kb-open');
    current = { input: input, el: el };
    // The field and its keyboard both in view; the field never covered.
    if (el.getBoundingClientRect().bottom > window.innerHeight) {
      (input.closest('.field') || input).scrollIntoView({ block: 'start' });
    }
  }

  // Another field to type into takes the keyboard away. Buttons, boxes
  // and lists leave it where it is, so nothing moves under the finger
  // between the touch and the click (a list opens its own on the touch).
  document.addEventListener('focusin', function (e) {
    var el = e.target;
    if (current && el !== current.input && /^(INPUT|TEXTAREA)$/.test(el.tagName) &&
        !/^(checkbox|radio|submit|button|reset|file|image)$/.test(el.type) && !el.dataset.keyboard) {
      close();
    }
  });

  var fields = document.querySelectorAll('input[data-keyboard], textarea[data-keyboard], select[data-keyboard]');
  Array.prototype.forEach.call(fields, function (input) {
    if (input.tagName === 'SELECT') {
      // The options as buttons instead of the browser's small list.
      input.addEventListener('mousedown', function (e) {
        e.preventDefault();
        input.focus();
        open(input);
      });
      return;
    }
    // No system keyboard: this one replaces it.
    input.setAttribute('inputmode', 'none');
    input.addEventListener('focus', function () { open(input); });
    input.addEventListener('click', function () { open(input); });
    if (input.dataset.keyboard === 'date') {
      // A pasted or scanned date: check it like a tapped one.
      input.addEventListener('change', function () { showDateProblem(input); });
    }
  });

  // Long forms come in steps on the kiosk (kiosk_steps in the definition):
  // one screen at a time under a progress line; Back and Continue move
  // between them and the form's own button sends it from the last one.
  // A "kiosk-reveal" event on a field shows its step.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-kb-step]'), function (form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll('.kiosk-step'));
    var submit = form.querySelector('button[type="submit"]');
    if (steps.length < 2 || !submit) { return; }
    var d = form.dataset;
    var progress = document.createElement('div');
    progress.className = 'kiosk-progress';
    var text = document.createElement('p');
    text.className = 'kiosk-progress-text';
    text.setAttribute('aria-live', 'polite');
    var bar = document.createElement('div');
    bar.className = 'kiosk-progress-bar';
    bar.setAttribute('aria-hidden', 'true');
    var fill = document.createElement('span');
    bar.appendChild(fill);
    progress.appendChild(text);
    progress.appendChild(bar);
    form.insertBefore(progress, steps[0]);
    function stepButton(label, cls, name) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = label;
      b.dataset.key = name;
      return b;
    }
    var nav = document.createElement('div');
    nav.className = 'kiosk-step-nav';
    var back = stepButton(d.kbStepBack, 'kbutton kbutton-quiet', 'step-back');
    var cont = stepButton(d.kbStepNext, 'button', 'step-next');
    nav.appendChild(back);
    nav.appendChild(cont);
    submit.parentNode.insertBefore(nav, submit);
    nav.appendChild(submit);
    var at = 0;
    function show(i, focus) {
      close();
      at = i;
      steps.forEach(function (st, j) { st.hidden = j !== i; });
      back.hidden = i === 0;
      cont.hidden = i === steps.length - 1;
      submit.hidden = i !== steps.length - 1;
      text.textContent = d.kbStep.replace('#n', String(i + 1)).replace('#total', String(steps.length));
      fill.style.inlineSize = ((i + 1) / steps.length * 100) + '%';
      progress.scrollIntoView({ block: 'nearest' });
      var first = steps[i].querySelector('input:not([type="hidden"]), select, textarea');
      if (focus && first) {
        first.focus();
        if (first.tagName === 'SELECT') { open(first); }
      }
    }
    back.addEventListener('click', function () { show(at - 1, true); });
    cont.addEventListener('click', function () {
      var bad = Array.prototype.filter.call(steps[at].querySelectorAll('input[data-keyboard="date"]'), function (input) {
        return showDateProblem(input) !== '';
      });
      if (bad.length) {
        bad[0].focus();
        return;
      }
      show(at + 1, true);
    });
    form.addEventListener('kiosk-reveal', function (e) {
      var st = e.target.closest('.kiosk-step');
      if (st) { show(steps.indexOf(st), false); }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.error-summary a[href^="#"]'), function (a) {
      a.addEventListener('click', function () {
        var el = document.getElementById(a.hash.slice(1));
        if (el) { el.dispatchEvent(new Event('kiosk-reveal', { bubbles: true })); }
      });
    });
    // Sent back with errors: the step of the first one.
    var invalid = form.querySelector('[aria-invalid="true"]');
    var st = invalid && invalid.closest('.kiosk-step');
    show(st ? steps.indexOf(st) : 0, false);
  });

  // Dates are checked before the form is sent; the server checks again.
  Array.prototype.forEach.call(document.forms, function (form) {
    form.addEventListener('submit', function (e) {
      var bad = Array.prototype.filter.call(form.querySelectorAll('input[data-keyboard="date"]'), function (input) {
        return showDateProblem(input) !== '';
      });
      if (bad.length) {
        e.preventDefault();
        close();
        bad[0].dispatchEvent(new Event('kiosk-reveal', { bubbles: true }));
        bad[0].focus();
        open(bad[0]);
      }
    });
  });

  // The first field's keyboard is open when the page comes, unless the
  // page shows errors (their summary takes the focus).
  var firstShown = Array.prototype.filter.call(fields, function (f) { return f.getClientRects().length > 0; })[0];
  if (firstShown && !document.querySelector('.error-summary')) {
    firstShown.focus();
    if (firstShown.tagName === 'SELECT') { open(firstShown); }
  }
})();
