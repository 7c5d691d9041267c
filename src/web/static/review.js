// Review workspace behaviour: tag changes via fetch (with the CSRF token and the passage version), keyboard
// shortcuts, boilerplate toggle, copying quotes. Served from our origin; the CSP allows no inline script.
'use strict';
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  let current = null; // the passage the keyboard acts on

  function setStatus(el, text, bad) {
    const s = el.querySelector('.status');
    if (s) {
      s.textContent = text;
      s.classList.toggle('bad', !!bad);
    }
  }

  async function refreshCard(el) {
    const res = await fetch('/passages/' + encodeURIComponent(el.dataset.id) + '/card', {
      headers: { Accept: 'text/html' },
    });
    if (!res.ok) return el;
    const t = document.createElement('template');
    t.innerHTML = await res.text();
    const fresh = t.content.firstElementChild;
    if (!fresh) return el;
    el.replaceWith(fresh);
    if (current === el) {
      current = fresh;
      fresh.focus({ preventScroll: true });
    }
    return fresh;
  }

  // Changes to passages go one after another: a key pressed while the previous change is on its way would otherwise
  // name a version the server has just moved past (409). Each runs on the card as it is when its turn comes.
  let pending = Promise.resolve();
  function send(el, change) {
    const id = el.dataset.id;
    const run = pending.then(() => sendNow(document.getElementById('p-' + id) || el, change));
    pending = run.catch(() => undefined);
    return run;
  }

  async function sendNow(el, change) {
    setStatus(el, 'speichert …');
    const res = await fetch('/api/passages/' + encodeURIComponent(el.dataset.id) + '/changes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ version: Number(el.dataset.version), change }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.status === 409) {
      // Someone else changed this passage since it was loaded: show their result, let the reviewer decide again.
      const fresh = await refreshCard(el);
      setStatus(fresh, (body.message || 'Inzwischen geändert.') + ' Neu geladen – bitte erneut anwenden.', true);
      return;
    }
    if (!res.ok) {
      setStatus(el, 'Fehler: ' + (body.error || res.status), true);
      return;
    }
    const fresh = await refreshCard(el);
    setStatus(fresh, 'gespeichert');
    const inverse = inverseOf(change);
    if (inverse) undoStack.push({ id: fresh.dataset.id, change: inverse });
  }

  // Undo: the inverse of the last set/remove/boilerplate change, sent as a change of its own (audited like any).
  const undoStack = [];
  function inverseOf(change) {
    if (change.kind === 'set' && change.dimension !== 'stance')
      return { kind: 'remove', dimension: change.dimension, label: change.label };
    if (change.kind === 'remove') return { kind: 'set', dimension: change.dimension, label: change.label };
    if (change.kind === 'boilerplate') return { kind: 'boilerplate', value: !change.value };
    return null;
  }
  function undo() {
    const last = undoStack.pop();
    if (!last) return;
    const el = document.getElementById('p-' + last.id);
    if (el) void send(el, last.change).then(() => undoStack.pop());
  }

  // Split at the caret inside the passage text; merge with the next passage. The page reloads: ids change.
  // The last caret position inside a passage's text, remembered because pressing the button moves the selection.
  let caret = { id: null, offset: -1 };
  document.addEventListener('selectionchange', () => {
    const sel = window.getSelection();
    const text = sel && sel.rangeCount ? sel.anchorNode?.parentElement?.closest('.ptext') : null;
    if (!text) return;
    const range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(sel.anchorNode, sel.anchorOffset);
    caret = { id: text.closest('.passage')?.dataset.id ?? null, offset: range.toString().length };
  });
  function caretOffset(el) {
    return caret.id === el.dataset.id ? caret.offset : -1;
  }
  async function structural(el, path, body) {
    setStatus(el, 'speichert …');
    const res = await fetch('/api/passages/' + encodeURIComponent(el.dataset.id) + '/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ version: Number(el.dataset.version), ...body }),
    });
    const out = await res.json().catch(() => ({}));
    if (!res.ok) return setStatus(el, 'Fehler: ' + (out.error || res.status), true);
    location.hash = 'p-' + out.ids[0];
    location.reload();
  }
  function split(el) {
    const at = caretOffset(el);
    if (at <= 0) return setStatus(el, 'Erst den Cursor in den Text setzen, wo geteilt werden soll.', true);
    void structural(el, 'split', { at });
  }

  document.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    const copy = target?.closest('[data-copy]');
    if (copy) {
      const text = copy.getAttribute('data-copy') ?? '';
      navigator.clipboard?.writeText(text).then(
        () => {
          copy.textContent = 'kopiert';
        },
        () => {
          copy.textContent = 'Kopieren nicht erlaubt';
        },
      );
      return;
    }
    const button = target?.closest('button[data-action]');
    const passage = target?.closest('.passage');
    if (passage) current = passage;
    if (!button || !passage) return;
    const a = button.dataset.action;
    if (a === 'remove')
      void send(passage, { kind: 'remove', dimension: button.dataset.dimension, label: button.dataset.label });
    else if (a === 'accept') void send(passage, { kind: 'accept' });
    else if (a === 'confirm') void send(passage, { kind: 'confirm', dimension: button.dataset.dimension });
    else if (a === 'split') split(passage);
    else if (a === 'merge') void structural(passage, 'merge-next', {});
    else if (a === 'boilerplate') void send(passage, { kind: 'boilerplate', value: button.dataset.value === 'true' });
  });

  document.addEventListener('change', (ev) => {
    const el = ev.target;
    if (!(el instanceof HTMLSelectElement)) return;
    if (el.dataset.autosubmit !== undefined) {
      el.form?.submit();
      return;
    }
    if (el.dataset.action !== 'set' || !el.value) return;
    const passage = el.closest('.passage');
    if (passage) void send(passage, { kind: 'set', dimension: el.dataset.dimension, label: el.value });
  });

  // The focused passage is marked in the original beside it.
  function showInOriginal(p) {
    for (const m of document.querySelectorAll('mark.active')) m.classList.remove('active');
    const mark = document.querySelector('mark[data-passage="' + CSS.escape(p.dataset.id) + '"]');
    if (!mark) return;
    mark.classList.add('active');
    const pane = mark.closest('pre');
    if (pane) pane.scrollTop = mark.offsetTop - pane.offsetTop - 40;
    mark.closest('.original')?.scrollIntoView({ block: 'nearest' });
  }

  // A passage from a PDF: open its page beside it and mark its words there (boxes from /highlight).
  let highlighted = null;
  async function showOnPage(p) {
    const doc = p.dataset.document;
    const page = p.dataset.page;
    const wrap = page ? document.getElementById('pw-' + doc + '-' + page) : null;
    if (!wrap || highlighted === p.dataset.id) return;
    highlighted = p.dataset.id;
    const details = document.getElementById('pages-' + doc);
    if (details) details.open = true;
    for (const old of document.querySelectorAll('.pagewrap .hl')) old.remove();
    const res = await fetch(
      '/documents/' +
        encodeURIComponent(doc) +
        '/pages/' +
        page +
        '/highlight?passage=' +
        encodeURIComponent(p.dataset.id),
    );
    if (!res.ok || highlighted !== p.dataset.id) return;
    const { boxes } = await res.json();
    for (const b of boxes) {
      const d = document.createElement('div');
      d.className = 'hl';
      d.style.left = b.x * 100 + '%';
      d.style.top = b.y * 100 + '%';
      d.style.width = b.w * 100 + '%';
      d.style.height = b.h * 100 + '%';
      wrap.appendChild(d);
    }
    wrap.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('click', (ev) => {
    const z = ev.target instanceof Element ? ev.target.closest('button[data-zoom]') : null;
    const details = z?.closest('details.pages');
    if (!z || !details) return;
    const level = Math.min(3, Math.max(0, Number(details.dataset.zoom || '0') + Number(z.dataset.zoom)));
    details.dataset.zoom = String(level);
  });

  document.addEventListener('focusin', (ev) => {
    const p = ev.target instanceof Element ? ev.target.closest('.passage') : null;
    if (p) {
      current = p;
      showInOriginal(p);
      void showOnPage(p);
    }
  });

  const toggle = document.getElementById('show-boilerplate');
  toggle?.addEventListener('change', () => document.body.classList.toggle('show-bp', toggle.checked));

  function visiblePassages() {
    return Array.from(document.querySelectorAll('.passage')).filter((p) => p.offsetParent !== null);
  }
  function focusPassage(p) {
    if (!p) return;
    current = p;
    p.focus();
    p.scrollIntoView({ block: 'center' });
  }
  function step(filter, dir) {
    const all = visiblePassages();
    const at = current ? all.indexOf(current) : -1;
    for (let k = 1; k <= all.length; k++) {
      const p = all[(at + dir * k + all.length * 2) % all.length];
      if (p && filter(p)) return focusPassage(p);
    }
  }

  let digits = '';
  let digitTimer = null;
  function setItemByNumber() {
    const number = digits;
    digits = '';
    if (!current) return;
    const group = document.getElementById('key-group')?.value ?? '';
    const option = Array.from(current.querySelectorAll('select[data-dimension="item"] option')).find(
      (o) => o.dataset.group === group && o.dataset.number === number,
    );
    if (option) void send(current, { kind: 'set', dimension: 'item', label: option.value });
    else setStatus(current, 'Nr. ' + number + ' gibt es nicht oder ist schon gesetzt', true);
  }

  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    if (!document.getElementById('passages')) return;
    if (ev.key === 'n') {
      step((p) => p.dataset.uncertain === 'true', 1);
      ev.preventDefault();
    } else if (ev.key === 'j') {
      step(() => true, 1);
      ev.preventDefault();
    } else if (ev.key === 'k') {
      step(() => true, -1);
      ev.preventDefault();
    } else if (ev.key === 'i' || ev.key === 'o' || ev.key === 'h') {
      const dimension = { i: 'item', o: 'topic', h: 'stance' }[ev.key];
      if (current) void send(current, { kind: 'confirm', dimension });
      ev.preventDefault();
    } else if ((ev.key === 't' || ev.key === 's') && current) {
      current.querySelector('select[data-dimension="' + (ev.key === 't' ? 'topic' : 'stance') + '"]')?.focus();
      ev.preventDefault();
    } else if (ev.key === 'x' && current) {
      const chips = current.querySelectorAll('.dim[data-dimension="item"] button[data-action="remove"]');
      const last = chips[chips.length - 1];
      if (last) void send(current, { kind: 'remove', dimension: 'item', label: last.dataset.label });
      ev.preventDefault();
    } else if (ev.key === 'u') {
      undo();
      ev.preventDefault();
    } else if (ev.key === '/' && current) {
      split(current);
      ev.preventDefault();
    } else if (ev.key === 'm' && current) {
      void structural(current, 'merge-next', {});
      ev.preventDefault();
    } else if (ev.key === 'r') {
      const next = document.getElementById('next-reply');
      if (next) location.href = next.getAttribute('href');
      ev.preventDefault();
    } else if (ev.key === '?') {
      const map = document.getElementById('keymap');
      if (map) map.open = !map.open;
      ev.preventDefault();
    } else if (ev.key === 'a' && current) {
      void send(current, { kind: 'accept' });
      ev.preventDefault();
    } else if (ev.key === 'b' && current) {
      const b = current.querySelector('button[data-action="boilerplate"]');
      if (b) void send(current, { kind: 'boilerplate', value: b.dataset.value === 'true' });
      ev.preventDefault();
    } else if (/^[0-9]$/.test(ev.key) && current) {
      digits += ev.key;
      clearTimeout(digitTimer);
      if (digits.length >= 2) setItemByNumber();
      else digitTimer = setTimeout(setItemByNumber, 600);
      ev.preventDefault();
    }
  });

  // The passage list: a selection and actions on it.
  const bulk = document.getElementById('bulk');
  function picked() {
    return Array.from(document.querySelectorAll('input.pick:checked')).map((i) => i.value);
  }
  function updateBulk() {
    if (!bulk) return;
    const n = picked().length;
    bulk.hidden = n === 0;
    const count = document.getElementById('bulk-count');
    if (count) count.textContent = String(n);
  }
  document.getElementById('pick-all')?.addEventListener('change', (ev) => {
    for (const box of document.querySelectorAll('input.pick')) box.checked = ev.target.checked;
    updateBulk();
  });
  document.addEventListener('change', (ev) => {
    if (ev.target instanceof HTMLInputElement && ev.target.classList.contains('pick')) updateBulk();
  });
  bulk?.addEventListener('click', async (ev) => {
    const b = ev.target instanceof Element ? ev.target.closest('button[data-bulk]') : null;
    if (!b) return;
    const item = document.getElementById('bulk-item')?.value;
    const change = {
      boilerplate: { kind: 'boilerplate', value: true },
      accept: { kind: 'accept' },
      'set-item': { kind: 'set', dimension: 'item', label: item },
      'remove-item': { kind: 'remove', dimension: 'item', label: item },
    }[b.dataset.bulk];
    const status = bulk.querySelector('.status');
    if (status) status.textContent = 'speichert …';
    const res = await fetch('/api/passages/bulk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ ids: picked(), change }),
    });
    const out = await res.json().catch(() => ({}));
    if (!res.ok) {
      if (status) status.textContent = 'Fehler: ' + (out.error || res.status);
      return;
    }
    location.reload();
  });

  // Arriving from the review queue with #p-…: start there.
  if (location.hash.startsWith('#p-')) {
    const p = document.getElementById(location.hash.slice(1));
    if (p) {
      document.body.classList.toggle('show-bp', p.classList.contains('boilerplate'));
      focusPassage(p);
    }
  }
})();
