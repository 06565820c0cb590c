/* warlog's web page: filters, timeline, map, events, one event with its sources and corrections.
   All data goes into the page through textContent, never parsed as markup: report text is third-party content. */
"use strict";
(function () {
  var el = warlogMap.el;
  var FILTERS = ["q", "actor", "linked", "where", "type", "since", "until", "min_fatalities", "by", "colour"];
  var PAGE = 50;
  var state = {offset: 0, map: null, markers: null, meta: null, loads: 0, mapReady: Promise.resolve()};

  function $(id) { return document.getElementById(id); }

  function showError(message) {
    var box = $("error");
    if (!message) { box.hidden = true; box.textContent = ""; return; }
    box.textContent = message;
    box.hidden = false;
  }

  function getJSON(url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data && data.error ? data.error : "HTTP " + r.status);
        return data;
      });
    });
  }

  function filters() {
    var out = {};
    FILTERS.forEach(function (name) {
      var input = document.querySelector("#filters [name='" + name + "']");
      if (!input) return;
      if (input.type === "checkbox") { if (input.checked) out[name] = "true"; }
      else if (input.value) out[name] = input.value;
    });
    return out;
  }

  function qs(obj, keep) {
    var p = new URLSearchParams();
    Object.keys(obj).forEach(function (k) { if (!keep || keep.indexOf(k) >= 0) p.set(k, obj[k]); });
    return p.toString();
  }

  var SELECT_KEYS = ["actor", "linked", "where", "type", "since", "until"];

  function load() {
    var f = filters();
    showError(null);
    history.replaceState(null, "", "?" + qs(f) + location.hash);
    var selection = qs(f, SELECT_KEYS);
    $("export-link").href = "/api/export?format=acled-csv" + (f.actor ? "" : (selection ? "&" + selection : ""));
    var list = getJSON("/api/events?" + qs(f, SELECT_KEYS.concat(["q", "min_fatalities"])) +
                       "&offset=" + state.offset + "&limit=" + PAGE).then(renderEvents);
    var trend = getJSON("/api/trend?" + selection + "&by=" + (f.by || "year")).then(renderTimeline);
    var map = Promise.all([getJSON("/api/map?" + selection), state.mapReady]).then(function (got) {
      renderMap(got[0], f.colour || "type");
    });
    return Promise.all([list, trend, map]).then(function () {
      state.loads += 1;
      document.body.setAttribute("data-loads", String(state.loads));
      if (!document.body.hasAttribute("data-first-view-ms")) {
        document.body.setAttribute("data-first-view-ms", String(Math.round(performance.now())));
      }
    }).catch(function (err) { showError(err.message); document.body.setAttribute("data-error", err.message); });
  }

  function placeText(parts) {  // "Bamako, Bamako, Mali" -> "Bamako, Mali"
    return parts.filter(function (x, i) { return x && parts.indexOf(x) === i; }).join(", ");
  }

  function cell(tr, text) { tr.appendChild(el("td", text === null || text === undefined ? "" : text)); }

  function dateText(e) {
    if (!e.date) return "undated";
    return e.date + (e.date_end && e.date_end !== e.date ? " .. " + e.date_end + " (" + e.precision + ")" : "");
  }

  function renderEvents(data) {
    var body = document.querySelector("#events tbody");
    body.textContent = "";
    data.events.forEach(function (e) {
      var tr = el("tr");
      tr.setAttribute("data-event-id", e.id);
      cell(tr, dateText(e));
      cell(tr, e.sub_event_type);
      cell(tr, e.actor1);
      cell(tr, e.actor2);
      cell(tr, placeText([e.location, e.admin1, e.country]));
      cell(tr, e.fatalities);
      cell(tr, e.reports);
      tr.title = e.via ? "counted because: " + e.via : e.id;
      tr.addEventListener("click", function () { location.hash = "event=" + encodeURIComponent(e.id); });
      body.appendChild(tr);
    });
    $("events-count").textContent = data.total + " matching";
    var last = Math.min(data.offset + data.limit, data.total);
    $("page-info").textContent = data.total ? (data.offset + 1) + "–" + last + " of " + data.total : "no events";
    $("prev").disabled = data.offset === 0;
    $("next").disabled = last >= data.total;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function periodRange(period) {
    var m;
    if ((m = /^(\d{4})$/.exec(period))) return [m[1] + "-01-01", m[1] + "-12-31"];
    if ((m = /^(\d{4})-Q(\d)$/.exec(period))) {
      var q = +m[2], first = (q - 1) * 3 + 1;
      return [m[1] + "-" + pad(first) + "-01", iso(new Date(Date.UTC(+m[1], first + 2, 0)))];
    }
    if ((m = /^(\d{4})-(\d{2})$/.exec(period))) return [period + "-01", iso(new Date(Date.UTC(+m[1], +m[2], 0)))];
    if ((m = /^(\d{4})-W(\d{2})$/.exec(period))) {
      var jan4 = new Date(Date.UTC(+m[1], 0, 4));
      var monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (+m[2] - 1) * 7 * 864e5);
      return [iso(monday), iso(new Date(monday.getTime() + 6 * 864e5))];
    }
    return null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.toISOString().slice(0, 10); }

  function renderTimeline(answer) {
    var box = $("timeline");
    box.textContent = "";
    var rows = answer.rows || [];
    var q = answer.query || {};
    $("trend-note").textContent = "by " + (q.by || "year") + (q.actor ? " · " + q.actor + (q.linked ? "-linked" : "") : "")
      + ((q.where || []).length ? " · " + q.where.join(", ") : "");
    var caveats = $("caveats");
    caveats.textContent = "";
    (answer.caveats || []).forEach(function (c) { caveats.appendChild(el("li", c)); });
    Object.keys(answer.excluded || {}).forEach(function (k) {
      var v = answer.excluded[k];
      if (v && typeof v !== "object") caveats.appendChild(el("li", "excluded (" + k.replace(/_/g, " ") + "): " + v));
    });
    if (!rows.length) { box.appendChild(el("p", "No events match.", "muted")); return; }
    var W = 600, H = 260, left = 34, bottom = 40, top = 14;
    function upTo(r) { return Math.max(r.count, r.up_to || 0); }
    var max = Math.max.apply(null, rows.map(upTo)) || 1;
    var chart = svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "events by period"});
    var slot = (W - left - 6) / rows.length, bw = Math.max(2, slot * 0.75);
    chart.appendChild(svg("line", {x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: "#999"}));
    [0, max].forEach(function (v) {
      var y = H - bottom - (H - bottom - top) * v / max;
      chart.appendChild(svg("text", {x: left - 4, y: y + 4, "text-anchor": "end"}, v));
    });
    chart.appendChild(svg("text", {x: left + 4, y: 10}, "events"));
    var every = Math.ceil(rows.length / (rows[0].period.length > 5 ? 9 : 14));  // labels that fit
    rows.forEach(function (r, i) {
      var h = (H - bottom - top) * r.count / max, x = left + i * slot + (slot - bw) / 2;
      var bar = svg("rect", {x: x, y: H - bottom - h, width: bw, height: Math.max(h, 0.5), "class": "bar",
                             "data-period": r.period});
      bar.appendChild(svg("title", {}, r.period + ": at least " + r.count + " events" +
                          (upTo(r) > r.count ? ", up to " + upTo(r) : "") + ", from " + r.report_ids.length + " reports"));
      if (upTo(r) > r.count) {  // events that may fall in the period (dated only to a wider month or year)
        var hu = (H - bottom - top) * (upTo(r) - r.count) / max;
        var maybe = svg("rect", {x: x, y: H - bottom - h - hu, width: bw, height: hu, "class": "bar-up-to"});
        maybe.appendChild(svg("title", {}, r.period + ": up to " + upTo(r) + " events"));
        chart.appendChild(maybe);
      }
      bar.addEventListener("click", function () {
        var range = periodRange(r.period);
        if (!range) return;
        $("f-since").value = range[0];
        $("f-until").value = range[1];
        state.offset = 0;
        load();
      });
      chart.appendChild(bar);
      var hTop = (H - bottom - top) * upTo(r) / max;
      chart.appendChild(svg("text", {x: x + bw / 2, y: H - bottom - hTop - 3, "text-anchor": "middle"},
                            r.count + (upTo(r) > r.count ? "–" + upTo(r) : "")));
      if (i % every === 0) {
        chart.appendChild(svg("text", {x: x + bw / 2, y: H - bottom + 14, "text-anchor": "middle"}, r.period));
      }
    });
    box.appendChild(chart);
  }

  function renderMap(fc, colour) {
    if (!state.map) return;
    var out = warlogMap.drawEvents(state.map, state.markers, fc, colour, function (id) {
      location.hash = "event=" + encodeURIComponent(id);
    }, true);
    state.markers = out.layer;
    warlogMap.legend($("legend"), out.legend);
  }

  function initMap() {
    if (typeof L === "undefined") return Promise.resolve();
    state.map = warlogMap.create("map");
    return getJSON("/api/outlines").then(function (data) { warlogMap.drawOutlines(state.map, data); });
  }

  /* --- one event ------------------------------------------------------------------------------ */

  function fieldRow(body, name, value, rule) {
    var tr = el("tr");
    tr.appendChild(el("th", name));
    var td = el("td", value === null || value === undefined || value === "" ? "–" : value);
    if (rule) { td.appendChild(el("div", "rule: " + rule, "rule")); }
    tr.appendChild(td);
    body.appendChild(tr);
  }

  /* The report's text with the sentences an extracted field came from shaded and the words marked. */
  function highlighted(text, spans) {
    var bounds = {0: true};
    bounds[text.length] = true;
    var sentences = [];
    spans.forEach(function (s) {
      bounds[s.start] = bounds[s.end] = true;
      if (s.sentence) {
        var at = text.lastIndexOf(s.sentence, s.start);
        if (at < 0 || at + s.sentence.length < s.end) at = text.indexOf(s.sentence);
        if (at >= 0) { sentences.push([at, at + s.sentence.length]); bounds[at] = bounds[at + s.sentence.length] = true; }
      }
    });
    var cuts = Object.keys(bounds).map(Number).filter(function (n) { return n >= 0 && n <= text.length; })
      .sort(function (a, b) { return a - b; });
    var box = el("div", null, "report-text");
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      if (a === b) continue;
      var node = document.createTextNode(text.slice(a, b));
      var fields = spans.filter(function (s) { return s.start <= a && b <= s.end; })
        .map(function (s) { return s.field; });
      if (fields.length) {
        var mark = el("mark");
        mark.title = fields.join(", ");
        mark.setAttribute("data-fields", fields.join(" "));
        mark.appendChild(node);
        node = mark;
      }
      if (sentences.some(function (r) { return r[0] <= a && b <= r[1]; })) {
        var sent = el("span", null, "sentence");
        sent.appendChild(node);
        node = sent;
      }
      box.appendChild(node);
    }
    return box;
  }

  function openEvent(id) {
    showError(null);
    return getJSON("/api/events/" + encodeURIComponent(id)).then(function (d) {
      var e = d.event;
      $("overview").hidden = true;
      $("list").hidden = true;
      var section = $("event");
      section.hidden = false;
      section.setAttribute("data-event-id", e.id);
      $("event-title").textContent = (e.sub_event_type || e.event_type) + " · " + e.id;
      var body = document.querySelector("#event-fields tbody");
      body.textContent = "";
      var rules = e.rules || {};
      fieldRow(body, "event type", e.event_type + " / " + e.sub_event_type, rules.event_type || rules.sub_event_type);
      fieldRow(body, "date", e.date ? e.date.start + (e.date.end !== e.date.start ? " .. " + e.date.end : "") +
               " (" + e.date.precision + ")" : "unknown", rules.date);
      (e.actors || []).forEach(function (a, i) {
        var own = rules[a.role === "perpetrator" ? "actor1" : a.role === "target" ? "actor2" : ""];
        fieldRow(body, a.role.replace("_", " "), a.name + (a.phrase && a.phrase !== a.name ? " (\u201c" + a.phrase + "\u201d)" : ""),
                 own || (i === 0 ? rules.actors : null));
      });
      fieldRow(body, "actor family", d.family);
      fieldRow(body, "claimed by", (e.claimed_by || []).join(", "), rules.claimed_by);
      var p = e.place;
      if (p) {
        fieldRow(body, "place", placeText([p.location, p.admin2, p.admin1, p.country]) +
                 " (geo precision " + p.geo_precision + (p.latitude !== null ? "; " + p.latitude.toFixed(4) + ", " +
                 p.longitude.toFixed(4) : "") + ")", rules.place || rules.location || p.explanation);
      }
      var f = e.fatalities || {};
      fieldRow(body, "fatalities", "best " + f.best + ", low " + f.low + ", high " + f.high + "; wounded " + f.wounded,
               rules.fatalities);
      fieldRow(body, "confidence", e.confidence);
      fieldRow(body, "linked by", e.linker);

      var sources = $("sources");
      sources.textContent = "";
      var spansByReport = {};
      (d.mentions || []).forEach(function (m) {
        var fields = (d.spans || {})[m.id] || {};
        Object.keys(fields).forEach(function (name) {
          fields[name].forEach(function (s) {
            (spansByReport[s.report_id] = spansByReport[s.report_id] || []).push(
              {start: s.start, end: s.end, field: name, sentence: s.sentence});
          });
        });
      });
      (e.report_ids || []).forEach(function (rid) {
        var r = d.reports[rid];
        if (!r) return;
        var li = el("li");
        li.setAttribute("data-report-id", rid);
        var head = el("div");
        head.appendChild(el("strong", r.outlet || "unknown outlet"));
        head.appendChild(document.createTextNode(" · published " + (r.published || "?") + " · "));
        if (r.url && /^https?:\/\//i.test(r.url)) {
          var a = el("a", r.url);
          a.href = r.url;
          a.rel = "noopener noreferrer nofollow";
          head.appendChild(a);
        } else if (r.url) {
          head.appendChild(el("span", r.url));
        }
        li.appendChild(head);
        if (r.title) li.appendChild(el("div", r.title, "report-title"));
        var why = rules["link:" + ((d.mentions || []).filter(function (m) { return m.report_id === rid; })[0] || {}).id];
        if (why) li.appendChild(el("div", "linked: " + why, "rule"));
        li.appendChild(highlighted(r.text || "", spansByReport[rid] || []));
        sources.appendChild(li);
      });

      var list = $("corrections");
      list.textContent = "";
      if (!(d.corrections || []).length) list.appendChild(el("li", "none", "muted"));
      (d.corrections || []).forEach(function (c) {
        list.appendChild(el("li", "#" + c.id + " " + c.field + " = " + JSON.stringify(c.value) + " by " + c.author +
                            " at " + String(c.created).slice(0, 16).replace("T", " ") + ": " + c.reason));
      });
      var decisions = $("decisions");
      decisions.textContent = "";
      if (!(d.decisions || []).length) decisions.appendChild(el("li", "none", "muted"));
      (d.decisions || []).forEach(function (k) {
        decisions.appendChild(el("li", "#" + k.id + " " + k.kind + " " + k.event_id + " \u2190 " + k.other + " by " +
                                 k.author + ": " + k.reason));
      });
      var mentions = $("l-mentions");
      mentions.textContent = "";
      (e.mention_ids || []).forEach(function (mid) { var o = el("option"); o.value = mid; mentions.appendChild(o); });
      section.setAttribute("data-loaded", e.id + ":" + (d.corrections || []).length);
      window.scrollTo(0, 0);
    }).catch(function (err) { showError(err.message); });
  }

  function closeEvent() {
    $("event").hidden = true;
    $("event").removeAttribute("data-loaded");
    $("overview").hidden = false;
    $("list").hidden = false;
    if (state.map) state.map.invalidateSize();
  }

  function route() {
    var m = /^#event=(.+)$/.exec(location.hash);
    if (m) return openEvent(decodeURIComponent(m[1]));
    closeEvent();
  }

  /* A write: the token field's value goes as 'Authorization: Bearer ...'; the server says 401 without it. */
  function post(url, body, status, done) {
    status.className = "";
    status.textContent = "saving…";
    var headers = {"Content-Type": "application/json", "Accept": "application/json"};
    var token = $("c-token").value;
    if (token) headers["Authorization"] = "Bearer " + token;
    return fetch(url, {method: "POST", headers: headers, body: JSON.stringify(body)}).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) {
          status.className = "refused";
          status.textContent = (r.status === 401 ? "Refused (401): " : "Not saved: ") + (data.error || r.status);
          return;
        }
        status.className = "ok";
        status.textContent = done(data);
      });
    }).catch(function (err) { status.className = "refused"; status.textContent = err.message; });
  }

  function submitCorrection(ev) {
    ev.preventDefault();
    var id = $("event").getAttribute("data-event-id");
    post("/api/events/" + encodeURIComponent(id) + "/corrections",
         {field: $("c-field").value, value: $("c-value").value, reason: $("c-reason").value,
          author: $("c-author").value || null}, $("c-status"), function (data) {
      openEvent(id);
      return "Saved correction #" + data.correction.id + ".";
    });
  }

  function submitDecision(ev) {
    ev.preventDefault();
    var id = $("event").getAttribute("data-event-id");
    var kind = $("l-kind").value;
    post("/api/events/" + encodeURIComponent(id) + "/" + kind,
         {other: $("l-other").value, reason: $("l-reason").value, author: $("c-author").value || null},
         $("l-status"), function (data) {
      openEvent(id);
      return "Saved decision #" + data.decision.id + ".";
    });
  }

  /* A question in English (GET /api/answer, where this warlog has it): the sentence, the query it ran, and
     under each period the events it counts, one click from their page. */
  function ask(ev) {
    ev.preventDefault();
    showError(null);
    var p = new URLSearchParams({q: $("a-question").value});
    if ($("a-as-of").value) p.set("as_of", $("a-as-of").value);
    getJSON("/api/answer?" + p.toString()).then(function (got) {
      $("answer").hidden = false;
      $("answer-sentence").textContent = got.sentence;
      $("answer-command").textContent = got.command || "";
      var box = $("answer-events");
      box.textContent = "";
      ((got.answer || {}).rows || []).forEach(function (r) {
        var line = el("div");
        line.appendChild(el("strong", r.period + (r.group ? " · " + r.group : "") + ": " + r.count +
                            (r.up_to > r.count ? " (up to " + r.up_to + ")" : "") + " "));
        r.event_ids.forEach(function (id) {
          var a = el("a", id + " ");
          a.href = "#event=" + encodeURIComponent(id);
          line.appendChild(a);
        });
        box.appendChild(line);
      });
    }).catch(function (err) { $("answer").hidden = true; showError(err.message); });
  }

  function init() {
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) {
      var input = document.querySelector("#filters [name='" + name + "']");
      if (!input || !params.has(name)) return;
      if (input.type === "checkbox") input.checked = params.get(name) === "true";
      else input.value = params.get(name);
    });
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); state.offset = 0; load(); });
    $("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); load(); });
    $("next").addEventListener("click", function () { state.offset += PAGE; load(); });
    $("back").addEventListener("click", function (ev) { ev.preventDefault(); location.hash = ""; });
    $("correction-form").addEventListener("submit", submitCorrection);
    $("link-form").addEventListener("submit", submitDecision);
    $("ask").addEventListener("submit", ask);
    window.addEventListener("hashchange", route);
    // everything at once: the first view waits for the slowest request, not for their sum
    var metaLoaded = getJSON("/api/meta").then(function (meta) {
      state.meta = meta;
      $("link-form").hidden = !meta.linking;
      $("ask").hidden = !meta.answer;
      $("dbinfo").textContent = meta.database + " · " + meta.counts.events + " events from " + meta.counts.reports +
        " reports · warlog " + meta.version + (meta.writable ? " · corrections need the token" : " · read-only");
    });
    state.mapReady = initMap();
    Promise.all([metaLoaded, load()]).then(route).catch(function (err) { showError(err.message); });
  }

  init();
})();
