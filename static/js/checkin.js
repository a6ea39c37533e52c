// The guest list's door tools (progressive enhancement: the page works without them).
// 1. The count of present people, refreshed every few seconds from /sorties/creneaux/{id}/invites/compte.
// 2. Scanning a booking's QR code with the phone's camera (getUserMedia + jsQR): the code read is put
//    in the check-in form's field and the form is sent, exactly as if it had been typed.
// No inline script or style (CSP): messages come from the data attributes of #qr-scanner.
(function () {
  'use strict';

  // ---- Live count ---------------------------------------------------------------------------
  const count = document.getElementById('guest-count');
  if (count && count.dataset.url && window.fetch) {
    let last = count.textContent.trim();
    const refresh = () => {
      if (document.hidden) return;
      fetch(count.dataset.url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then((r) => (r.ok ? r.json() : null))
        .then((body) => {
          if (!body || typeof body.summary !== 'string' || body.summary === last) return;
          last = body.summary;
          const strong = document.createElement('strong');
          strong.textContent = body.summary;
          count.replaceChildren(strong);
        })
        .catch(() => {});
    };
    setInterval(refresh, 4000);
    document.addEventListener('visibilitychange', refresh);
  }

  // ---- QR scanner ---------------------------------------------------------------------------
  const box = document.getElementById('qr-scanner');
  const form = document.getElementById('checkin-form');
  const input = document.getElementById('checkin-code');
  if (!box || !form || !input) return;
  // After a check-in, the field is ready for the next guest's code.
  if (document.querySelector('.flash-success')) input.focus();
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') return;

  const msg = box.dataset;
  const toggle = document.getElementById('qr-toggle');
  const status = document.getElementById('qr-status');
  const video = document.getElementById('qr-video');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stream = null;
  let running = false;

  const say = (text) => { status.textContent = text || ''; };

  // A booking code in what the QR holds (the code itself, or a URL or text containing it).
  const codeIn = (text) => {
    const m = String(text).toUpperCase().match(/\b([A-Z0-9]{4})-?([A-Z0-9]{4})\b/g);
    if (!m) return '';
    const raw = m[m.length - 1].replace('-', '');
    return raw.slice(0, 4) + '-' + raw.slice(4);
  };

  const stop = () => {
    running = false;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
    toggle.textContent = msg.msgStart;
  };

  const scan = () => {
    if (!running) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      // At most 640 pixels wide: enough for a QR code held up to the phone, light on its CPU.
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      const code = found ? codeIn(found.data) : '';
      if (code) {
        stop();
        input.value = code;
        say(msg.msgFound.replace('{code}', code));
        if (typeof form.requestSubmit === 'function') form.requestSubmit(); else form.submit();
        return;
      }
    }
    requestAnimationFrame(scan);
  };

  const start = () => {
    say(msg.msgStarting);
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then((s) => {
        stream = s;
        running = true;
        video.srcObject = s;
        video.hidden = false;
        toggle.textContent = msg.msgStop;
        say(msg.msgAim);
        return video.play();
      })
      .then(() => requestAnimationFrame(scan))
      .catch((err) => {
        stop();
        say(err && (err.name === 'NotAllowedError' || err.name === 'SecurityError') ? msg.msgDenied : msg.msgUnavailable);
      });
  };

  // jsQR is only fetched when the page can use it.
  const script = document.createElement('script');
  script.src = msg.jsqr;
  script.defer = true;
  script.addEventListener('load', () => {
    if (typeof window.jsQR !== 'function') return;
    box.hidden = false;
    toggle.addEventListener('click', () => { if (running) stop(); else start(); });
  });
  document.head.appendChild(script);
  window.addEventListener('pagehide', stop);
})();
