// The booking's "Texte pour SMS" (progressive enhancement: without JavaScript the text is selected
// and copied by hand). Shows the "Copier" button, which copies the readonly text to the clipboard
// and says so in the status line. No inline script or style (CSP): messages come from the button's
// data attributes.
(function () {
  'use strict';
  const button = document.getElementById('ticket-sms-copy');
  const area = button && document.getElementById(button.dataset.copy);
  const status = document.getElementById('ticket-sms-status');
  if (!button || !area) return;

  const say = (text) => { if (status) status.textContent = text; };
  // Selecting the whole text also helps when the clipboard is refused: the person copies it by hand.
  area.addEventListener('focus', () => area.select());
  button.addEventListener('click', () => {
    area.focus();
    area.select();
    const copied = () => say(button.dataset.copied);
    const failed = () => say(button.dataset.failed);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(copied, failed);
      return;
    }
    try {
      if (document.execCommand('copy')) copied(); else failed();
    } catch (e) {
      failed();
    }
  });
  button.hidden = false;
})();
