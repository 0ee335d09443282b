/* shinchoku item table (items/index.html): filters and sorts the rows the page already has, on
 * the codes the build wrote into their data-* attributes. The state lives in the URL query, e.g.
 * ?grade=C&dept=shokuin&sort=attainment&order=asc, so a filtered view can be linked. Without
 * JavaScript the page shows the whole table in item-number order and no filter form. */
(function () {
  "use strict";

  // The attainment choices, on the item's lowest rate ("" when it has none).
  var ATTAINMENT = {
    lt100: function (v) { return v !== "" && Number(v) < 100; },
    lt50: function (v) { return v !== "" && Number(v) < 50; },
    ge100: function (v) { return v !== "" && Number(v) >= 100; },
    none: function (v) { return v === ""; }
  };
  var DEFAULT_SORT = "id";

  // Attributes holding several space-separated codes (an item's departments and tags).
  var LISTS = { dept: true, tag: true };

  function matches(row, name, value) {
    var v = row.getAttribute("data-" + name) || "";
    if (name === "attainment") return ATTAINMENT[value] ? ATTAINMENT[value](v) : true;
    if (LISTS[name]) return v.split(" ").indexOf(value) !== -1;
    return v === value;
  }

  /** A cell's sort key: its data-sort (or text); null when empty (always sorted last). */
  function sortKey(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "") return null;
    return type === "text" ? raw : Number(raw);
  }

  function compare(a, b, type) {
    return type === "text" ? a.localeCompare(b, document.documentElement.lang || "ja") : a - b;
  }

  /** A text of the page's words (data-* of the status line) with each {name} filled in. */
  function fill(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  function ItemTable(form, table, status, empty) {
    this.form = form;
    this.table = table;
    this.status = status;
    this.empty = empty;
    this.tbody = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.tbody.rows);
    this.selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    this.behind = form.querySelector('input[name="behind"]');
    this.heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    this.sort = DEFAULT_SORT;
    this.order = "asc";
  }

  /** Turns each sortable column header into a button (the header cell keeps aria-sort). */
  ItemTable.prototype.addSortButtons = function () {
    var self = this;
    this.heads.forEach(function (th) {
      var key = th.getAttribute("data-sort-key");
      if (!key) return;
      th.setAttribute("data-label", th.textContent.trim());
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var mark = document.createElement("span");
      mark.className = "sort-mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () {
        self.order = self.sort === key && self.order === "asc" ? "desc" : "asc";
        self.sort = key;
        self.update(true);
      });
    });
  };

  /** Reads the filters and the sort from the URL query; unknown values are ignored. */
  ItemTable.prototype.read = function () {
    var q = new URLSearchParams(window.location.search);
    this.selects.forEach(function (s) {
      var v = q.get(s.name) || "";
      s.value = v;
      if (s.value !== v) s.value = "";
    });
    if (this.behind) this.behind.checked = q.get("behind") === "1";
    var key = q.get("sort");
    var known = this.heads.some(function (th) { return th.getAttribute("data-sort-key") === key; });
    this.sort = known ? key : DEFAULT_SORT;
    this.order = q.get("order") === "desc" ? "desc" : "asc";
  };

  /** Writes the state into the URL (only what differs from the page as built). */
  ItemTable.prototype.write = function () {
    var q = new URLSearchParams();
    this.selects.forEach(function (s) { if (s.value) q.set(s.name, s.value); });
    if (this.behind && this.behind.checked) q.set("behind", "1");
    if (this.sort !== DEFAULT_SORT || this.order !== "asc") {
      q.set("sort", this.sort);
      q.set("order", this.order);
    }
    var search = q.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {
      // Some browsers refuse to change a file:// URL; the table still works.
    }
  };

  ItemTable.prototype.visible = function (row) {
    var ok = this.selects.every(function (s) { return !s.value || matches(row, s.name, s.value); });
    return ok && !(this.behind && this.behind.checked && row.getAttribute("data-behind") !== "1");
  };

  /** Orders the rows by the sorted column; ties and empty keys keep the plan order. */
  ItemTable.prototype.sortRows = function () {
    var self = this;
    var index = 0;
    var type = "number";
    this.heads.forEach(function (th, i) {
      var mark = th.querySelector(".sort-mark");
      if (th.getAttribute("data-sort-key") === self.sort) {
        index = i;
        type = th.getAttribute("data-sort-type") || "number";
        th.setAttribute("aria-sort", self.order === "asc" ? "ascending" : "descending");
        if (mark) mark.textContent = self.order === "asc" ? "▲" : "▼";
      } else {
        th.removeAttribute("aria-sort");
        if (mark) mark.textContent = "";
      }
    });
    var sign = this.order === "asc" ? 1 : -1;
    var keyed = this.rows.map(function (row, n) { return { row: row, n: n, key: sortKey(row, index, type) }; });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.n - b.n;
        return a.key === null ? 1 : -1;
      }
      return sign * compare(a.key, b.key, type) || a.n - b.n;
    });
    keyed.forEach(function (k) { self.tbody.appendChild(k.row); });
  };

  /** "1 of 4 shown" in the page's words (data-shown), with the order when it is not the
   * plan's (data-sorted, data-ascending, data-descending). */
  ItemTable.prototype.announce = function (shown) {
    var words = this.status.dataset;
    var text = fill(words.shown, { n: this.rows.length, shown: shown });
    if (this.sort !== DEFAULT_SORT || this.order !== "asc") {
      var th = this.table.querySelector('th[data-sort-key="' + this.sort + '"]');
      var order = this.order === "asc" ? words.ascending : words.descending;
      text += fill(words.sorted, { column: th.getAttribute("data-label"), order: order });
    }
    this.status.textContent = text;
  };

  ItemTable.prototype.update = function (changed) {
    var self = this;
    var shown = 0;
    this.rows.forEach(function (row) {
      row.hidden = !self.visible(row);
      if (!row.hidden) shown++;
    });
    this.sortRows();
    if (this.empty) this.empty.hidden = shown > 0;
    this.announce(shown);
    if (changed) this.write();
  };

  ItemTable.prototype.start = function () {
    var self = this;
    this.addSortButtons();
    this.read();
    this.form.hidden = false;
    this.form.addEventListener("change", function () { self.update(true); });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.update(true);
    });
    var reset = document.getElementById("filter-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        self.selects.forEach(function (s) { s.value = ""; });
        if (self.behind) self.behind.checked = false;
        self.update(true);
      });
    }
    this.update(false);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("table-filters");
    var table = document.getElementById("item-table");
    var status = document.getElementById("table-status");
    if (!form || !table || !status || !table.tBodies.length || !table.tHead) return;
    new ItemTable(form, table, status, document.getElementById("table-empty")).start();
  });
})();
