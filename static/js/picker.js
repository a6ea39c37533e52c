// The partnership form's organisation picker, enhanced: while typing in a search field, a datalist
// is filled with the matching active organisations (GET data-picker-url?q=…, same permission as the
// form). Choosing one puts its exact name in the field, which the server accepts on submission.
// Without this script the "Rechercher" button lists the matches as radio buttons.
(function () {
  'use strict';
  const inputs = document.querySelectorAll('input[data-picker-url]');
  inputs.forEach((input) => {
    const list = input.list;
    if (!list) return;
    let timer = null;
    let last = '';
    input.addEventListener('input', () => {
      const q = input.value.trim();
      if (timer) clearTimeout(timer);
      if (q.length < 2 || q === last) return;
      timer = setTimeout(() => {
        last = q;
        fetch(input.dataset.pickerUrl + '?q=' + encodeURIComponent(q), {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        })
          .then((res) => (res.ok ? res.json() : { organisations: [] }))
          .then((body) => {
            while (list.firstChild) list.removeChild(list.firstChild);
            (body.organisations || []).forEach((o) => {
              const option = document.createElement('option');
              option.value = o.name;
              if (o.commune) option.label = o.name + ' (' + o.commune + ')';
              list.appendChild(option);
            });
          })
          .catch(() => {});
      }, 200);
    });
  });
}());
