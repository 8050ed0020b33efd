// brief default theme: filters for the organizations index and the timeline, search, the
// text of a citation or note shown beside its mark, and a button that copies a briefing's
// reference.
// Progressive enhancement only: every page reads fully without this script. Results are built
// with DOM nodes and textContent, never innerHTML, so no indexed text can become markup.
// Every word it shows comes from the page, in the site's language: the strings in
// <script id="brief-strings"> (a counted one has a form per CLDR plural category), and the
// language in <html lang>, which also writes numbers and dates.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var LANG = document.documentElement.lang || "en";
  var STRINGS = {};
  try { STRINGS = JSON.parse(document.getElementById("brief-strings").textContent); } catch (e) { STRINGS = {}; }
  var RULES = window.Intl && Intl.PluralRules ? new Intl.PluralRules(LANG) : null;

  // The string `key` with its {placeholders} filled from `args`; `args.n` chooses its form.
  function say(key, args) {
    args = args || {};
    var text = STRINGS[key];
    if (text && typeof text === "object") text = text[RULES ? RULES.select(args.n) : "other"] || text.other;
    return String(text === undefined ? key : text).replace(/\{([a-z_]+)\}/g, function (all, name) {
      var value = args[name];
      if (value === undefined) return all;
      return typeof value === "number" ? value.toLocaleString(LANG) : value;
    });
  }

  // "2026-01-16", "2024-10" or "2011" as the pages write it: "January 16, 2026", "October 2024", "2011".
  function humanDate(iso) {
    var p = iso.split("-"), options = { year: "numeric", timeZone: "UTC" };
    if (!p[1] || !window.Intl) return iso;
    options.month = "long";
    if (p[2]) options.day = "numeric";
    try {
      return new Intl.DateTimeFormat(LANG, options).format(new Date(Date.UTC(+p[0], +p[1] - 1, +(p[2] || 1))));
    } catch (e) {
      return iso;
    }
  }

  // --- Filters -------------------------------------------------------------------------
  function setupFilters(form) {
    var kind = form.getAttribute("data-filter");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector(".filter-count");
    var items = kind === "timeline"
      ? document.querySelectorAll(".timeline-year .event")
      : document.querySelectorAll(".org-list li");
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
    });

    function matches(item) {
      return selects.every(function (s) {
        if (!s.value) return true;
        if (kind === "timeline") {
          var list = (item.getAttribute("data-" + (s.getAttribute("data-list") || s.name + "s")) || "").split(" ");
          return list.indexOf(s.value) !== -1;
        }
        return item.getAttribute("data-" + s.name) === s.value;
      });
    }

    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var ok = matches(item);
        item.hidden = !ok;
        if (ok) shown++;
      });
      var groups = kind === "timeline" ? ".timeline-year" : ".status-group";
      Array.prototype.forEach.call(document.querySelectorAll(groups), function (group) {
        group.hidden = !group.querySelector(kind === "timeline" ? ".event:not([hidden])" : "li:not([hidden])");
      });
      // A year with no event left loses its link in the list of years.
      Array.prototype.forEach.call(document.querySelectorAll(".year-nav a"), function (a) {
        var year = document.getElementById(a.getAttribute("href").slice(1));
        a.parentNode.hidden = !!(year && year.closest(".timeline-year").hidden);
      });
      var counted = kind === "timeline" ? "count_events" : "count_organizations";
      // With status changes among them, the timeline's items are not all events.
      if (kind === "timeline" && document.querySelector(".timeline-year .status-change")) counted = "count_entries";
      var total = say(counted, { n: items.length });
      var filtered = selects.some(function (s) { return s.value; });
      count.textContent = filtered ? say("filter_showing", { shown: shown, total: total }) : total + ".";
      var query = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // --- Search --------------------------------------------------------------------------
  var WEIGHTS = { title: 10, authors: 5, organizations: 5, topics: 5, summary: 3, text: 1 };
  var KIND_ORDER = { briefing: 0, organization: 1, topic: 2, event: 3, page: 4, author: 5 };

  function prepare(doc) {
    return {
      doc: doc,
      fields: {
        title: fold(doc.title),
        authors: fold((doc.authors || []).map(function (a) { return a.name; }).join(" ")),
        organizations: fold((doc.organizations || []).join(" ")),
        topics: fold((doc.topics || []).join(" ")),
        summary: fold(doc.summary),
        text: fold(doc.text)
      }
    };
  }

  function score(entry, terms, phrase) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i], best = 0;
      for (var field in WEIGHTS) {
        var value = entry.fields[field];
        var at = value.indexOf(term);
        if (at === -1) continue;
        var weight = WEIGHTS[field];
        var wordStart = at === 0 || /[^a-z0-9]/.test(value.charAt(at - 1));
        if (!wordStart) weight /= 2;
        if (weight > best) best = weight;
      }
      if (best === 0) return 0;
      total += best;
    }
    if (terms.length > 1 && entry.fields.title.indexOf(phrase) !== -1) total += 10;
    return total;
  }

  function snippet(doc, terms) {
    // The index drops citation marks; a space left before punctuation goes too.
    var text = (doc.summary || doc.text || "").replace(/\s+(?=[.,;:!?)])/g, "");
    var folded = fold(text);
    var at = -1;
    for (var i = 0; i < terms.length && at === -1; i++) at = folded.indexOf(terms[i]);
    if (!doc.summary && at > 60) {
      var start = text.lastIndexOf(" ", at - 40);
      text = "…" + text.slice(start === -1 ? at - 40 : start + 1);
    }
    return text.length > 240 ? text.slice(0, 240).replace(/\s+\S*$/, "") + "…" : text;
  }

  // Appends `text` to `node`, wrapping matches of `terms` in <mark>.
  function highlight(node, text, terms) {
    var folded = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) {
        var at = folded.indexOf(t, pos);
        if (at !== -1 && (next === -1 || at < next)) { next = at; len = t.length; }
      });
      if (next === -1) break;
      node.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      node.appendChild(mark);
      pos = next + len;
    }
    node.appendChild(document.createTextNode(text.slice(pos)));
  }

  function setupSearch(form) {
    var input = form.querySelector("input[name=q]");
    var status = document.querySelector(".search-status");
    var list = document.getElementById("search-results");
    var entries = null;
    var timer = null;

    function run(query, push) {
      var folded = fold(query).trim();
      var terms = folded.split(/[^a-z0-9]+/).filter(function (t) { return t.length > 0; });
      list.textContent = "";
      if (push) {
        var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
        history.replaceState(null, "", url);
      }
      if (!terms.length) { status.textContent = ""; return; }
      var results = [];
      entries.forEach(function (e) {
        var s = score(e, terms, folded);
        if (s > 0) results.push({ entry: e, score: s });
      });
      results.sort(function (a, b) {
        return b.score - a.score
          || (KIND_ORDER[a.entry.doc.kind] - KIND_ORDER[b.entry.doc.kind])
          || (b.entry.doc.date || "").localeCompare(a.entry.doc.date || "");
      });
      var shown = results.slice(0, 50);
      shown.forEach(function (r) {
        var doc = r.entry.doc;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = doc.url;
        highlight(a, doc.title, terms);
        li.appendChild(a);
        var meta = document.createElement("p");
        meta.className = "meta";
        // A term says which taxonomy's it is ("Region"); other kinds, what they are, in the site's language.
        meta.textContent = (doc.label || say("kind_" + doc.kind)) + (doc.date ? " · " : "");
        if (doc.date) {
          var time = document.createElement("time");
          time.setAttribute("datetime", doc.date);
          time.textContent = humanDate(doc.date);
          meta.appendChild(time);
        }
        (doc.authors || []).forEach(function (author, i, all) {
          meta.appendChild(document.createTextNode(i === 0 ? " · " + say("by") + " " : i === all.length - 1 ? " " + say("and") + " " : ", "));
          var link = document.createElement("a");
          link.href = author.url;
          link.textContent = author.name;
          meta.appendChild(link);
        });
        li.appendChild(meta);
        var text = snippet(doc, terms);
        if (text) {
          var p = document.createElement("p");
          highlight(p, text, terms);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      var found = { n: results.length, query: query.trim(), shown: shown.length };
      status.textContent = !results.length ? say("search_no_results", found)
        : say(results.length > shown.length ? "search_results_first" : "search_results", found);
    }

    function load(then) {
      if (entries) return then();
      status.textContent = say("search_loading");
      fetch(form.getAttribute("data-index"))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { entries = data.documents.map(prepare); then(); })
        .catch(function () { status.textContent = say("search_failed"); });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      load(function () { run(input.value, true); });
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(function () { run(input.value, true); }); }, 150);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      load(function () { run(initial, false); });
    }
    var header = document.getElementById("site-search-q");
    if (header && initial) header.value = initial;
  }

  // --- Popovers -----------------------------------------------------------------------
  // A citation or note mark shows its reference or note in a tooltip while it is hovered or
  // focused. Without this script the mark is a link to the reference or note. Listeners sit
  // on the document, so marks need no setup. The tooltip is a copy of the entry without its
  // ids and links back, and its links are left out of the Tab order: the mark is the stop.
  var popover = null, owner = null, hideTimer = 0;

  function markOf(node) {
    var a = node && node.closest ? node.closest(".citation a, sup.note-ref a") : null;
    return a && a.getAttribute("href").charAt(0) === "#" ? a : null;
  }

  function hidePopover() {
    clearTimeout(hideTimer);
    if (!popover) return;
    owner.removeAttribute("aria-describedby");
    popover.parentNode.removeChild(popover);
    popover = owner = null;
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePopover, 250);
  }

  function showPopover(a) {
    clearTimeout(hideTimer);
    if (owner === a) return;
    hidePopover();
    var entry = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (!entry) return;
    var copy = entry.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".note-back, .backrefs, .source-link"), function (n) {
      n.parentNode.removeChild(n);
    });
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
    Array.prototype.forEach.call(copy.querySelectorAll("a"), function (n) { n.tabIndex = -1; });
    var box = document.createElement("div");
    box.className = "popover";
    box.id = "mark-popover";
    box.setAttribute("role", "tooltip");
    while (copy.firstChild) box.appendChild(copy.firstChild);
    // The tooltip says what the title did; a title would show a second one.
    a.removeAttribute("title");
    (a.closest("main") || document.body).appendChild(box);
    var parent = box.offsetParent, origin = { left: -window.scrollX, top: -window.scrollY };
    if (parent && getComputedStyle(parent).position !== "static") origin = parent.getBoundingClientRect();
    var mark = a.getBoundingClientRect(), width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(mark.left, width - box.offsetWidth - 8));
    box.style.left = (left - origin.left) + "px";
    box.style.top = (mark.bottom + 6 - origin.top) + "px";
    a.setAttribute("aria-describedby", box.id);
    popover = box;
    owner = a;
  }

  function setupPopovers() {
    document.addEventListener("mouseover", function (e) {
      var a = markOf(e.target);
      if (a) showPopover(a);
      else if (popover && popover.contains(e.target)) clearTimeout(hideTimer);
    });
    document.addEventListener("mouseout", function (e) {
      if (popover && (markOf(e.target) === owner || popover.contains(e.target))) later();
    });
    document.addEventListener("focusin", function (e) {
      var a = markOf(e.target);
      if (a) showPopover(a);
      else hidePopover();
    });
    document.addEventListener("focusout", function (e) {
      if (markOf(e.target) === owner) later();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && popover) hidePopover();
    });
  }

  // --- Copy a briefing's reference ---------------------------------------------------------
  // The "How to cite" section gains a button that copies the reference and says "Copied" in
  // a status message, which screen readers announce. Without this script there is no button:
  // the text can be selected as any text, and the files downloaded.
  function copy(text, node) {
    var api = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject();
    // Without the Clipboard API (a page served over plain HTTP), or when it refuses: select
    // the text and copy the selection; if that fails too, the text stays selected.
    return api.catch(function () {
      var range = document.createRange(), selection = window.getSelection();
      range.selectNodeContents(node);
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      if (!copied) throw new Error("not copied");
      selection.removeAllRanges();
    });
  }

  function setupCopy(section) {
    var text = section.querySelector(".citation-text");
    if (!text) return;
    var row = document.createElement("p"), button = document.createElement("button");
    var status = document.createElement("span"), timer = 0;
    row.className = "copy-row";
    button.type = "button";
    button.className = "copy-citation";
    button.textContent = say("copy_citation");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    row.appendChild(button);
    row.appendChild(status);
    text.parentNode.insertBefore(row, text.nextSibling);
    button.addEventListener("click", function () {
      clearTimeout(timer);
      status.textContent = "";
      copy(text.textContent.trim(), text).then(function () {
        status.textContent = say("copied");
      }, function () {
        status.textContent = say("copy_selected");
      }).then(function () {
        timer = setTimeout(function () { status.textContent = ""; }, 8000);
      });
    });
  }

  // --- Contents ---------------------------------------------------------------------------
  // Open beside the text on a wide screen; on a narrow one a line that opens, so the text
  // starts right after the key points. Without this script the contents stay open.
  function setupContents(details) {
    var wide = window.matchMedia("(min-width: 64rem)");
    function fit() { details.open = wide.matches; }
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
  }

  function start() {
    setupPopovers();
    Array.prototype.forEach.call(document.querySelectorAll(".toc > details"), setupContents);
    Array.prototype.forEach.call(document.querySelectorAll(".how-to-cite"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll("form.filters[data-filter]"), setupFilters);
    var search = document.querySelector("form.search-form[data-index]");
    if (search && window.fetch) setupSearch(search);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
