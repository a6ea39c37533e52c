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
