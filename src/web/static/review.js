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

  async function send(el, change) {
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

  document.addEventListener('focusin', (ev) => {
    const p = ev.target instanceof Element ? ev.target.closest('.passage') : null;
    if (p) {
      current = p;
      showInOriginal(p);
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

  // Arriving from the review queue with #p-…: start there.
  if (location.hash.startsWith('#p-')) {
    const p = document.getElementById(location.hash.slice(1));
    if (p) {
      document.body.classList.toggle('show-bp', p.classList.contains('boilerplate'));
      focusPassage(p);
    }
  }
})();
