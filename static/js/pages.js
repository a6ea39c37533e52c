// The page editor's live preview (src/website/pages): as the text is typed, it is sent (debounced) to the
// preview route, which answers the page's HTML as it would be shown; the pane is replaced with it. Without
// this script the « Prévisualiser » button re-renders the form with the same preview.
(function () {
  'use strict';
  const text = document.querySelector('textarea[data-preview-url]');
  if (!text || !window.fetch) return;
  const pane = document.getElementById(text.dataset.previewTarget);
  const form = text.form;
  if (!pane || !form) return;
  let timer = null;
  let sent = 0;
  const refresh = () => {
    const body = new URLSearchParams();
    body.set('_csrf', form.querySelector('input[name="_csrf"]').value);
    body.set('text', text.value);
    const mine = ++sent;
    fetch(text.dataset.previewUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }).then((res) => (res.ok ? res.text() : null)).then((html) => {
      if (html !== null && mine === sent) pane.innerHTML = html;
    }).catch(() => {});
  };
  text.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
