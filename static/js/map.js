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
  // No "Leaflet" link inside the attribution text: it would be a link told apart by colour only (axe).
  map.attributionControl.setPrefix(false);

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
        const form = new Intl.PluralRules(document.documentElement.lang || 'fr').select(markers.length) === 'one' ? msg.msgReadyOne : msg.msgReadyOther;
        pointsMessage = form.replace('#', String(markers.length)) + (data.truncated ? ' ' + msg.msgTruncated : '');
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

// The edit form's map: a click places the organisation, filling the latitude and longitude fields
// (which stay the way to do it without JavaScript or a pointer); typing in them moves the pin.
(function () {
  'use strict';
  const el = document.getElementById('pick-map');
  const status = document.getElementById('pick-map-status');
  const latField = document.getElementById('org-latitude');
  const lngField = document.getElementById('org-longitude');
  if (!el || !status || !latField || !lngField || typeof window.L === 'undefined') return;
  const L = window.L;
  const msg = el.dataset;
  const read = (field) => {
    const v = Number(String(field.value).trim().replace(',', '.'));
    return field.value.trim() !== '' && Number.isFinite(v) ? v : null;
  };
  const zoom = Number(msg.zoom) || 5;
  const center = [Number(msg.centerLat) || 46.6, Number(msg.centerLng) || 2.4];

  el.classList.add('map-ready');
  el.style.height = '20rem';
  el.style.maxHeight = '60vh';
  el.style.marginBlock = '0.5rem';
  const map = L.map(el, { scrollWheelZoom: false }).setView(center, zoom);
  map.attributionControl.setPrefix(false);
  const tilesUrl = (msg.tilesUrl || '').trim();
  if (tilesUrl) L.tileLayer(tilesUrl, { maxZoom: 19, attribution: msg.attribution || '' }).addTo(map);
  else status.textContent = msg.msgNoTiles;

  let marker = null;
  const place = (lat, lng) => {
    if (marker) marker.setLatLng([lat, lng]);
    else marker = L.marker([lat, lng], { keyboard: false }).addTo(map);
  };
  const lat0 = read(latField);
  const lng0 = read(lngField);
  if (lat0 !== null && lng0 !== null) place(lat0, lng0);

  // Five decimals: about a metre, more than a click can mean.
  map.on('click', (e) => {
    const lat = Math.round(e.latlng.lat * 1e5) / 1e5;
    const lng = Math.round(L.Util.wrapNum(e.latlng.lng, [-180, 180], true) * 1e5) / 1e5;
    latField.value = String(lat);
    lngField.value = String(lng);
    place(lat, lng);
    status.textContent = msg.msgPlaced + ' ' + lat + ', ' + lng + '.';
  });
  const follow = () => {
    const lat = read(latField);
    const lng = read(lngField);
    if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) return;
    place(lat, lng);
    map.panTo([lat, lng]);
  };
  latField.addEventListener('change', follow);
  lngField.addEventListener('change', follow);
})();
