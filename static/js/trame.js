// Progressive enhancement only: every page works without JavaScript.
// A submitted form's buttons are disabled, so that a double click sends it once.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  window.setTimeout(() => {
    form.querySelectorAll('button[type="submit"]').forEach((button) => {
      button.disabled = true;
      button.setAttribute('aria-disabled', 'true');
    });
  }, 0);
});

// The menu is a disclosure that works without JavaScript; on a wide screen it is opened and its
// button hidden, so that the links sit in one row as before.
(() => {
  const menu = document.getElementById('nav-menu');
  if (!menu || !window.matchMedia) return;
  const wide = window.matchMedia('(min-width: 48rem)');
  const apply = () => {
    document.documentElement.classList.toggle('js-wide', wide.matches);
    if (wide.matches) menu.open = true;
  };
  apply();
  wide.addEventListener('change', apply);
})();

// After a form comes back with an error, focus moves to the message (the GOV.UK error summary
// pattern): a screen reader reads it and a keyboard user starts from it.
(() => {
  const summary = document.querySelector('main .flash-error, main [role="alert"]');
  if (!summary) return;
  if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
  summary.focus({ preventScroll: false });
})();
