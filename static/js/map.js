// The directory's map (Leaflet). Progressive enhancement: the page lists the same organisations
// without it. Reads its settings and French messages from the data attributes of #map, the points
// from /annuaire/carte.json (same filters), and says in the status line when tiles are missing.
(function () {
  'use strict';
  const el = document.getElementById('map');
  const status = document.getElementById('map-status');
  if (!el || !status) return;
  const msg = el.dataset;
  const say = (parts) => { status.textContent = parts.filter(Boolean).join(' '); };

  if (typeof window.L === 'undefined') {
    say([msg.msgPointsFailed]);
    return;
  }
  const L = window.L;

  let tileMessage = '';
  let pointsMessage = msg.msgLoading;
  const update = () => say([tileMessage, pointsMessage]);

  el.classList.add('map-ready');
  el.style.height = '28rem';
  el.style.maxHeight = '70vh';
  el.style.marginBlock = '1rem';
  const map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);

  const tilesUrl = (msg.tilesUrl || '').trim();
  if (!tilesUrl) {
    tileMessage = msg.msgNoTiles;
  } else {
    let loaded = 0;
    let failed = false;
    const layer = L.tileLayer(tilesUrl, { maxZoom: 19, attribution: msg.attribution || '' });
    layer.on('tileload', () => { loaded += 1; });
    layer.on('tileerror', () => {
      if (failed || loaded > 0) return;
      failed = true;
      tileMessage = msg.msgTilesFailed;
      update();
    });
    layer.addTo(map);
  }
  update();

  // A popup's content, built as DOM nodes: names are never parsed as HTML.
  function popup(o) {
    const box = document.createElement('div');
    const title = document.createElement('strong');
    title.textContent = o.name;
    box.appendChild(title);
    const details = [o.kind_label, o.commune].filter(Boolean).join(' — ');
    if (details) {
      const p = document.createElement('p');
      p.textContent = details;
      box.appendChild(p);
    }
    const link = document.createElement('a');
    link.href = o.url;
    link.textContent = msg.msgOpen + ' : ' + o.name;
    box.appendChild(link);
    return box;
  }

  fetch(msg.pointsUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then((data) => {
      const points = Array.isArray(data.organisations) ? data.organisations : [];
      const markers = points
        .filter((o) => Number.isFinite(o.lat) && Number.isFinite(o.lng))
        .map((o) => L.marker([o.lat, o.lng], { title: o.name, alt: o.name, keyboard: true }).bindPopup(popup(o)));
      if (markers.length) {
        const group = L.featureGroup(markers).addTo(map);
        map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 13 });
        pointsMessage = markers.length + ' ' + msg.msgReady + (data.truncated ? ' ' + msg.msgTruncated : '');
      } else {
        pointsMessage = msg.msgNone;
      }
      el.dataset.markers = String(markers.length);
      update();
    })
    .catch(() => {
      pointsMessage = msg.msgPointsFailed;
      update();
    });
})();
