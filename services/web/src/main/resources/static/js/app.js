// What the page scripts share: the CSRF header, and calls that answer 401 (not a login page) when the session ends.
window.App = (function () {
  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : null;
  }
  function call(method, url, body) {
    var headers = { 'Accept': 'application/json', 'X-Requested-With': 'fetch' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    var csrfHeader = meta('_csrf_header');
    if (csrfHeader && method !== 'GET') headers[csrfHeader] = meta('_csrf');
    return fetch(url, { method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          return { status: res.status, ok: res.ok, json: json };
        });
      });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  return { call: call, el: el };
})();
