// brief serve: live reload. Injected into served HTML only, never into public/.
// Listens for build results over server-sent events: reloads the page (keeping the scroll
// position), swaps stylesheets when only CSS changed, and shows build errors in an overlay.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.getAttribute("data-generation")) || 0;
  var key = "brief-scroll:" + location.pathname;
  var overlay = null;

  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var y = Number(saved);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be disabled; reloading still works */ }

  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapStylesheets(next) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("brief-reload", String(next));
      link.href = url.pathname + url.search;
    });
  }

  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showOverlay(errors) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "brief-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141418;" +
      "color:#f5f5f5;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .5rem;font:600 1.3rem system-ui,sans-serif;color:#ff9b8f;";
    title.textContent = "Build failed: " + errors.length + " error" + (errors.length === 1 ? "" : "s");
    var note = document.createElement("p");
    note.style.cssText = "margin:0 0 1.5rem;font-family:system-ui,sans-serif;color:#ddd;";
    note.textContent = "The preview shows the last version that built. Fix the errors and save: this message goes away.";
    overlay.appendChild(title);
    overlay.appendChild(note);
    var list = document.createElement("ol");
    list.style.cssText = "margin:0;padding-left:1.5rem;";
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.style.cssText = "margin:0 0 1rem;";
      var where = document.createElement("div");
      where.style.cssText = "color:#9cd0ff;";
      where.textContent = error.position;
      var what = document.createElement("div");
      what.textContent = error.message;
      item.appendChild(where);
      item.appendChild(what);
      if (error.help) {
        var help = document.createElement("div");
        help.style.cssText = "color:#c7e9b0;";
        help.textContent = "help: " + error.help;
        item.appendChild(help);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    (document.body || document.documentElement).appendChild(overlay);
  }

  var events = null;

  function connect() {
    if (events) return;
    events = new EventSource("/__brief/events");
    events.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      if (!state.ok) { showOverlay(state.errors); return; }
      var hadOverlay = overlay !== null;
      hideOverlay();
      if (state.generation <= generation && !hadOverlay) return;
      if (state.css_only && !hadOverlay) {
        generation = state.generation;
        swapStylesheets(state.generation);
        return;
      }
      reload();
    });
  }

  // Close the stream when the page goes away: a browser may keep a left page alive (the
  // back/forward cache) with its stream open, and six such streams use up its connections to
  // this server, so the next page would wait for one.
  window.addEventListener("pagehide", function () {
    if (events) { events.close(); events = null; }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) connect();
  });

  connect();
})();
