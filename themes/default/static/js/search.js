/* shinchoku site search: character-bigram lookup in window.SHINCHOKU_SEARCH (search-index.js).
 * The same normalisation as the build (NFKC + lower case) so full-width "RPA" finds "RPA" and
 * half-width kana match full-width; voiced kana are never split. The words shown come from the
 * page (data-found and data-place of the status line), in the site's language. */
(function (root) {
  "use strict";

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function tokens(text) {
    return normalize(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  function intersect(a, b) {
    var set = new Set(b);
    return a.filter(function (x) { return set.has(x); });
  }

  /** Returns the ids of matching items, in plan order. */
  function search(index, query) {
    var result = null;
    tokens(query).forEach(function (token) {
      var chars = Array.from(token);
      var grams = [];
      if (chars.length === 1) {
        grams.push(chars[0]);
      } else {
        for (var i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
      }
      grams.forEach(function (g) {
        var hits;
        if (Array.from(g).length === 1) {
          var all = new Set();
          Object.keys(index.grams).forEach(function (k) {
            if (k.indexOf(g) >= 0) index.grams[k].forEach(function (n) { all.add(n); });
          });
          hits = Array.from(all).sort(function (a, b) { return a - b; });
        } else {
          hits = index.grams[g] || [];
        }
        result = result === null ? hits.slice() : intersect(result, hits);
      });
    });
    return (result || []).map(function (n) { return index.docs[n][0]; });
  }

  root.shinchokuSearch = { normalize: normalize, search: search };
  if (typeof module !== "undefined" && module.exports) module.exports = root.shinchokuSearch;

  if (typeof document === "undefined") return;
  document.addEventListener("DOMContentLoaded", function () {
    var index = root.SHINCHOKU_SEARCH;
    var input = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var fallback = document.getElementById("search-fallback");
    if (!index || !input || !list) return;
    var words = status.dataset;
    function fill(text, values) {
      return (text || "").replace(/\{(\w+)\}/g, function (m, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
      });
    }
    if (fallback) fallback.hidden = true;
    var byId = {};
    index.docs.forEach(function (d) { byId[d[0]] = d; });
    function run(query) {
      list.textContent = "";
      if (!query.trim()) { status.textContent = ""; return; }
      var ids = search(index, query);
      status.textContent = fill(words.found, { query: query, n: ids.length });
      ids.forEach(function (id) {
        var d = byId[id];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d[2];
        a.textContent = d[0] + " " + d[1];
        li.appendChild(a);
        li.appendChild(document.createTextNode(fill(words.place, { place: d[3] })));
        list.appendChild(li);
      });
    }
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    run(q);
    input.addEventListener("input", function () { run(input.value); });
  });
})(typeof window !== "undefined" ? window : globalThis);
