// Sentinel's status page: reads api/v1/status every 5 s and api/v1/history every 30 s and updates
// the page in place (rows keyed by task, target and destination; text changed only where it
// differs), so nothing flickers and a reader's scroll position and selection stay put.
// Plain JavaScript, no build step; uPlot (window.uPlot) draws the charts.
"use strict";

(function () {
  const STATUS_EVERY_MS = 5000;
  const HISTORY_EVERY_MS = 30000;
  const MAX_CHARTS_PER_TASK = 24;
  const CHART_HEIGHT = 170;
  const MIN_POINTS = 12;

  // ---------------------------------------------------------------- formatting

  function sig(v, digits) {
    if (!isFinite(v)) return String(v);
    if (Math.abs(v) >= 10 ** digits) return String(Math.round(v));
    return String(Number(v.toPrecision(digits)));
  }

  function group(s) {
    // 1234567 -> "1 234 567" (narrow no-break spaces): readable in any locale.
    const [int, frac] = s.split(".");
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    return frac === undefined ? grouped : grouped + "." + frac;
  }

  function num(v) {
    return group(sig(v, 3));
  }

  function ms(v) {
    if (v == null) return "–";
    if (v >= 1000) return num(v / 1000) + " s";
    return num(v) + " ms";
  }

  function pct(v) {
    if (v == null) return "–";
    return (v === 0 || v === 100 ? String(v) : num(v)) + " %";
  }

  function ratio(v) {
    if (v == null) return "–";
    const p = v * 100;
    return (p === 100 ? "100" : p >= 99.95 ? "99.9" : p.toFixed(1)) + " %";
  }

  const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"];
  function bytes(v) {
    if (v == null) return "–";
    let i = 0;
    while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? String(Math.round(v)) : num(v)) + " " + BINARY[i];
  }

  function duration(s) {
    if (s == null) return "–";
    if (s < 1) return num(s * 1000) + " ms";
    if (s < 60) return (s < 10 ? num(s) : String(Math.round(s))) + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + " min " + Math.floor(s % 60) + " s";
    const h = Math.floor(m / 60);
    if (h < 48) return h + " h " + (m % 60) + " min";
    return Math.floor(h / 24) + " d " + (h % 24) + " h";
  }

  function count(v) {
    return v == null ? "–" : group(String(Math.round(v)));
  }

  /** A probe's value with its unit, e.g. "0.051 ms", "0 %", "200", "1.2 MiB". */
  function value(v, unit) {
    if (v == null) return "–";
    switch (unit) {
      case "ms": return ms(v);
      case "%": return pct(v);
      case "s": return duration(v);
      case "B": case "bytes": return bytes(v);
      case "": case null: case undefined: return Number.isInteger(v) ? group(String(v)) : num(v);
      default: return num(v) + " " + unit;
    }
  }

  // Times are the daemon's Unix seconds; "ago" is measured on its clock (now = started_at +
  // uptime_seconds when the status was read), so a browser with a wrong clock still reads right.
  let clockOffset = 0;
  function serverNow() {
    return Date.now() / 1000 + clockOffset;
  }

  function ago(t) {
    if (t == null) return "never";
    const s = Math.max(0, serverNow() - t);
    if (s < 1) return "just now";
    if (s < 60) return Math.floor(s) + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    if (s < 172800) return Math.floor(s / 3600) + " h ago";
    return Math.floor(s / 86400) + " d ago";
  }

  function localTime(t) {
    return t == null ? "" : new Date(t * 1000).toLocaleString();
  }

  const OUTCOME_CLASS = {
    success: "ok", failure: "bad", timeout: "bad", error: "bad",
    skipped_overlap: "warn", skipped_late: "warn", cancelled: "idle",
  };

  function ratioClass(v) {
    if (v == null) return "";
    return v >= 0.99 ? "ok" : v >= 0.9 ? "warn" : "bad";
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function setText(e, text) {
    if (e.textContent !== text) e.textContent = text;
  }

  function setClass(e, cls) {
    if (e.className !== cls) e.className = cls;
  }

  function setTitle(e, title) {
    if (e.title !== title) e.title = title;
  }

  /** A relative time that keeps counting between refreshes (see tick); `none` when t is null. */
  function setTime(e, t, prefix, none) {
    setTitle(e, localTime(t));
    if (t == null) {
      delete e.dataset.t;
      setText(e, none == null ? "never" : none);
      return;
    }
    e.dataset.t = String(t);
    e.dataset.prefix = prefix || "";
    setText(e, (prefix || "") + ago(t));
  }

  function tick() {
    for (const e of document.querySelectorAll("[data-t]")) {
      setText(e, e.dataset.prefix + ago(Number(e.dataset.t)));
    }
  }

  /**
   * Makes `parent`'s children match `items` in order: a child per key, made once by `create`
   * and brought up to date by `update` on every call; children of vanished keys are removed.
   */
  function sync(parent, items, key, create, update) {
    const old = new Map();
    for (const child of parent.children) old.set(child.dataset.key, child);
    let prev = null;
    for (const item of items) {
      const k = key(item);
      let child = old.get(k);
      if (child) old.delete(k);
      else {
        child = create(item);
        child.dataset.key = k;
      }
      update(child, item);
      const want = prev ? prev.nextSibling : parent.firstChild;
      if (child !== want) parent.insertBefore(child, want);
      prev = child;
    }
    for (const child of old.values()) child.remove();
  }

  /**
   * A table cell labelled for the phone layout (the label beside one body); returns the body, to
   * which the cell's parts are added (found again by `f(row, name)`).
   */
  function cell(row, label, cls) {
    const td = el("td", cls);
    td.dataset.label = label;
    row.appendChild(td);
    return td.appendChild(el("div"));
  }

  function part(parent, name, tag, cls) {
    const e = el(tag || "div", cls);
    e.dataset.f = name;
    parent.appendChild(e);
    return e;
  }

  function f(row, name) {
    return row.querySelector('[data-f="' + name + '"]');
  }

  // ---------------------------------------------------------------- tasks

  function createTask() {
    const tr = el("tr");
    const id = cell(tr, "Task", "head");
    part(id, "id", "span", "strong");
    part(id, "plugin", "span", "tag");
    part(id, "device", "div", "sub");
    const sched = cell(tr, "Schedule");
    part(sched, "schedule", "div");
    part(sched, "timeout", "div", "sub");
    const last = cell(tr, "Last run");
    const line = part(last, "last", "div");
    part(line, "outcome", "span", "badge");
    line.appendChild(document.createTextNode(" "));
    part(line, "when", "span", "muted small");
    part(last, "duration", "div", "sub");
    part(last, "error", "div", "err");
    const targets = cell(tr, "Targets");
    part(targets, "targets", "ul", "targets");
    part(cell(tr, "Success 1 h", "num"), "r1h", "span", "ratio");
    part(cell(tr, "Success 24 h", "num"), "r24h", "span", "ratio");
    return tr;
  }

  function updateTask(tr, t) {
    setText(f(tr, "id"), t.id);
    setText(f(tr, "plugin"), t.plugin);
    setText(f(tr, "device"), t.device_id && t.device_id !== t.id ? "device " + t.device_id : "");
    setText(f(tr, "schedule"), t.schedule || "–");
    setText(f(tr, "timeout"), t.timeout_seconds == null ? "" : "timeout " + duration(t.timeout_seconds));
    const run = t.last_run;
    const outcome = f(tr, "outcome");
    setText(outcome, run ? run.outcome.replace(/_/g, " ") : "not run yet");
    setClass(outcome, "badge " + (run ? OUTCOME_CLASS[run.outcome] || "idle" : "idle"));
    setTime(f(tr, "when"), run ? run.time : null, "", "");
    setText(f(tr, "duration"), run && run.duration_ms != null ? "took " + ms(run.duration_ms) : "");
    setText(f(tr, "error"), run && run.error ? run.error : "");
    sync(f(tr, "targets"), t.targets || [], (x) => x.name, createTarget, updateTarget);
    for (const [name, v] of [["r1h", t.success_ratio_1h], ["r24h", t.success_ratio_24h]]) {
      const e = f(tr, name);
      setText(e, ratio(v));
      setClass(e, "ratio " + ratioClass(v));
    }
  }

  function createTarget() {
    const li = el("li");
    part(li, "name", "span", "target-name");
    part(li, "values", "span", "values");
    return li;
  }

  function updateTarget(li, target) {
    setClass(li, target.up == null ? "" : target.up ? "up" : "down");
    setText(f(li, "name"), target.name);
    setTitle(f(li, "name"), target.up == null ? "state unknown" : target.up ? "up" : "down");
    const values = target.values || [];
    sync(
      f(li, "values"),
      values,
      (v) => v.name,
      (v) => {
        const span = el("span", "v");
        span.dataset.value = v.name;
        return span;
      },
      (span, v) => {
        setText(span, (v.label || v.name) + " " + value(v.value, v.unit));
        setTitle(span, v.name + " = " + (v.value == null ? "unknown" : v.value) + (v.unit ? " " + v.unit : ""));
      });
  }

  // ---------------------------------------------------------------- destinations

  function createDestination() {
    const tr = el("tr");
    const name = cell(tr, "Destination", "head");
    const line = part(name, "line", "div");
    part(line, "name", "span", "strong");
    line.appendChild(document.createTextNode(" "));
    part(line, "state", "span", "badge");
    part(name, "target", "div", "sub mono");
    part(cell(tr, "Pending", "num"), "pending", "span");
    part(cell(tr, "Oldest unsent", "num"), "oldest", "span");
    part(cell(tr, "Last success"), "success", "span");
    const err = cell(tr, "Last error");
    part(err, "error", "div");
    part(err, "failing", "div", "sub");
    part(cell(tr, "Dropped"), "dropped", "span");
    return tr;
  }

  function updateDestination(tr, d) {
    setText(f(tr, "name"), d.name);
    setText(f(tr, "target"), d.target || "");
    const failing = d.failing_since != null;
    const state = f(tr, "state");
    setText(state, failing ? "failing" : d.last_success == null ? "no delivery yet" : "ok");
    setClass(state, "badge " + (failing ? "bad" : d.last_success == null ? "idle" : "ok"));
    setText(f(tr, "pending"), count(d.pending));
    const age = d.oldest_unsent_age_seconds;
    setText(f(tr, "oldest"), !d.pending || age == null ? "–" : age < 1 ? "< 1 s" : duration(age));
    setTime(f(tr, "success"), d.last_success, "");
    const error = f(tr, "error");
    setText(error, d.last_error || "none");
    setClass(error, d.last_error ? "err" : "muted");
    setTime(f(tr, "failing"), d.failing_since, "failing since ", "");
    const dropped = Object.entries(d.dropped || {});
    const total = dropped.reduce((sum, [, n]) => sum + (n || 0), 0);
    const e = f(tr, "dropped");
    setText(e, total === 0 ? "none" : dropped.filter(([, n]) => n).map(([why, n]) => count(n) + " " + why.replace(/_/g, " ")).join(", "));
    setClass(e, total === 0 ? "muted" : "err");
    setTitle(e, dropped.map(([why, n]) => why.replace(/_/g, " ") + ": " + count(n)).join("\n"));
  }

  // ---------------------------------------------------------------- agent and summary

  function fact(dl, key, label) {
    let dd = dl.querySelector('dd[data-f="' + key + '"]');
    if (!dd) {
      dl.appendChild(el("dt", null, label));
      dd = el("dd");
      dd.dataset.f = key;
      dl.appendChild(dd);
    }
    return dd;
  }

  function list(parent, items) {
    let ul = parent.querySelector("ul");
    if (!items || items.length === 0) {
      if (ul) ul.remove();
      return;
    }
    if (!ul) ul = parent.appendChild(el("ul"));
    sync(ul, items, (x) => x, (x) => el("li", "mono", x), () => {});
  }

  function updateAgent(a) {
    setText($("agent-name"), a.sentinel || "");
    setText($("agent-region"), a.region ? "region " + a.region : "");
    document.title = "Sentinel " + (a.sentinel || "");
    const dl = $("agent");
    setText(fact(dl, "version", "Version"), a.version || "–");
    const started = fact(dl, "started", "Started");
    setText(started, duration(a.uptime_seconds) + " ago");
    setTitle(started, localTime(a.started_at));
    setText(fact(dl, "config", "Config"), a.config_path || "–");
    updateReload(fact(dl, "reload", "Last reload"), a.reload);
    setText(fact(dl, "ping", "Ping method"), a.ping_method || "–");
    updateBuffer(fact(dl, "buffer", "Buffer"), a.buffer);

    setText($("sum-uptime"), duration(a.uptime_seconds));
    setText($("sum-uptime-note"), "version " + (a.version || "?"));
    const b = a.buffer || {};
    setText($("sum-buffer"), count(b.samples) + " samples");
    setText($("sum-buffer-note"), b.type === "disk"
      ? "disk spool, " + bytes(b.bytes) + (b.max_bytes ? " of " + bytes(b.max_bytes) : "")
      : (b.type || "?") + " buffer");
    updateBanner(a.reload);
  }

  function updateReload(dd, r) {
    if (!dd.firstChild) {
      const line = part(dd, "line", "div");
      part(line, "result", "span", "badge");
      line.appendChild(document.createTextNode(" "));
      part(line, "when", "span");
      part(dd, "message", "div", "sub");
      part(dd, "restart", "div", "sub");
      part(dd, "problems", "div", "err");
    }
    if (!r) {
      setText(f(dd, "result"), "none");
      return;
    }
    const result = f(dd, "result");
    setText(result, r.successful ? "applied" : "failed");
    setClass(result, "badge " + (r.successful ? "ok" : "bad"));
    setTime(f(dd, "when"), r.time, "");
    setText(f(dd, "message"), (r.trigger ? "by " + r.trigger + (r.message ? ": " : "") : "") + (r.message || ""));
    const restart = r.restart_required || [];
    setText(f(dd, "restart"), restart.length ? "needs a restart to apply: " + restart.join(", ") : "");
    list(f(dd, "problems"), r.problems);
  }

  function updateBuffer(dd, b) {
    if (!dd.firstChild) {
      part(dd, "text", "span");
      const meter = part(dd, "meter", "span", "meter");
      meter.appendChild(el("span"));
    }
    b = b || {};
    const size = b.bytes == null ? "" : ", " + bytes(b.bytes) + (b.max_bytes ? " of " + bytes(b.max_bytes) : "");
    setText(f(dd, "text"), (b.type || "?") + ": " + count(b.samples) + " samples" + size);
    const meter = f(dd, "meter");
    const used = b.bytes != null && b.max_bytes ? b.bytes / b.max_bytes : null;
    meter.hidden = used == null;
    if (used != null) {
      meter.firstChild.style.width = Math.min(100, used * 100).toFixed(1) + "%";
      setClass(meter, "meter " + (used > 0.9 ? "bad" : used > 0.6 ? "warn" : ""));
      setTitle(meter, (used * 100).toFixed(1) + " % used");
    }
  }

  function updateBanner(r) {
    const banner = $("banner");
    const failed = r && r.successful === false;
    banner.hidden = !failed;
    if (!failed) return;
    if (!banner.firstChild) {
      part(banner, "head", "strong");
      part(banner, "problems", "div");
    }
    setText(f(banner, "head"), "The last reload failed (" + ago(r.time) + "); Sentinel runs on with the config it had.");
    list(f(banner, "problems"), r.problems);
  }

  function updateSummary(s) {
    const tasks = s.tasks || [];
    const failing = tasks.filter((t) => t.last_run && OUTCOME_CLASS[t.last_run.outcome] === "bad").length;
    const st = $("sum-tasks");
    setText(st, failing ? failing + " failing" : tasks.length + " ok");
    setClass(st, "tile-value " + (failing ? "bad" : "ok"));
    setText($("sum-tasks-note"), tasks.length + " task" + (tasks.length === 1 ? "" : "s") + " enabled");
    const dests = s.destinations || [];
    const down = dests.filter((d) => d.failing_since != null).length;
    const pending = dests.reduce((n, d) => n + (d.pending || 0), 0);
    const sd = $("sum-dest");
    setText(sd, down ? down + " failing" : dests.length + " ok");
    setClass(sd, "tile-value " + (down ? "bad" : "ok"));
    setText($("sum-dest-note"), count(pending) + " samples pending");
  }

  // ---------------------------------------------------------------- charts

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  const LOSS_STEPS = [[0, "--loss-0", "0 %"], [5, "--loss-5", "≤5 %"], [20, "--loss-20", "≤20 %"],
    [50, "--loss-50", "≤50 %"], [Infinity, "--loss-100", ">50 %"]];

  function lossColor(loss) {
    for (const [max, name] of LOSS_STEPS) if (loss <= max) return css(name);
    return css("--loss-100");
  }

  /** Room for the longest tick label (uPlot's default fits short numbers only). */
  function axisSize(u, values) {
    const longest = (values || []).reduce((n, v) => Math.max(n, String(v).length), 0);
    return Math.max(36, Math.ceil(longest * 6.6) + 14);
  }

  function axes(yScale, yValues, y2) {
    const stroke = css("--muted");
    const grid = { stroke: css("--grid"), width: 1 };
    const a = [
      { stroke, grid, ticks: { show: false }, space: 60 },
      { scale: yScale, stroke, grid, ticks: { show: false }, size: axisSize, values: (u, vals) => vals.map(yValues) },
    ];
    if (y2) a.push(y2);
    return a;
  }

  /**
   * Vertical bars across the plot where `bad(i)` (0..1) says point i lost or failed: one rectangle
   * per run of equal points, so adjacent bars leave no seams.
   */
  function shade(u, bad, color) {
    const { ctx } = u;
    const t = u.data[0];
    const { left, top, width, height } = u.bbox;
    const half = t.length > 1 ? (u.valToPos(t[1], "x", true) - u.valToPos(t[0], "x", true)) / 2 : 3;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = color;
    for (let i = 0; i < t.length; ) {
      const a = bad(i);
      let j = i;
      while (j + 1 < t.length && bad(j + 1) === a) j++;
      if (a > 0) {
        const x0 = u.valToPos(t[i], "x", true) - half;
        const x1 = u.valToPos(t[j], "x", true) + half;
        ctx.globalAlpha = 0.06 + 0.16 * a;
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
      }
      i = j + 1;
    }
    ctx.restore();
  }

  /**
   * The time axis: the history held, but at least MIN_POINTS intervals wide (a young history, even
   * a single point, is drawn at the right, not stretched across), with half an interval of room at
   * each end for the first and last point's mark.
   */
  function xScale(state) {
    return {
      time: true,
      // From the data, not uPlot's min and max: for a single point uPlot passes a day's range.
      range: (u, min, max) => {
        const t = u.data[0];
        if (!t || t.length === 0) return [min, max];
        const res = state.resolution;
        const last = t[t.length - 1];
        return [Math.min(t[0], last - MIN_POINTS * res) - res / 2, last + res / 2];
      },
    };
  }

  function bandOptions(width, state) {
    return {
      width, height: CHART_HEIGHT,
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: xScale(state), y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] }, loss: { range: [0, 100] } },
      series: [
        {},
        { label: "min", stroke: css("--band-edge"), width: 1, points: { show: false }, value: (u, v) => ms(v) },
        { label: "median", stroke: css("--muted"), width: 1, points: { show: false }, value: (u, v) => ms(v) },
        { label: "max", stroke: css("--band-edge"), width: 1, points: { show: false }, value: (u, v) => ms(v) },
        { label: "loss", scale: "loss", stroke: css("--loss-0"), paths: () => null, points: { show: false },
          value: (u, v) => pct(v) },
      ],
      bands: [{ series: [3, 1], fill: css("--band") }],
      axes: axes("y", (v) => ms(v)),
      hooks: {
        drawClear: [(u) => shade(u, (i) => {
          const loss = u.data[4][i];
          return u.data[2][i] == null && loss != null && loss > 0 ? 1 : 0;
        }, css("--loss-100"))],
        draw: [drawMedian],
        setLegend: [(u) => {
          // The loss marker takes the colour of the loss under the cursor.
          const i = u.legend.idx;
          const marker = u.root.querySelectorAll(".u-series")[4];
          const m = marker && marker.querySelector(".u-marker");
          if (m) m.style.borderColor = lossColor(i == null ? 0 : u.data[4][i] || 0);
        }],
      },
    };
  }

  /** Smokeping's median: a short dash per interval, coloured by that interval's packet loss. */
  function drawMedian(u) {
    const { ctx } = u;
    const [t, , median, , loss] = u.data;
    const step = t.length > 1 ? (u.valToPos(t[1], "x", true) - u.valToPos(t[0], "x", true)) : 8;
    const w = Math.max(3 * devicePixelRatio, step * 0.9);
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    for (let i = 0; i < t.length; i++) {
      if (median[i] == null) continue;
      const x = u.valToPos(t[i], "x", true);
      const y = u.valToPos(median[i], "y", true);
      ctx.fillStyle = lossColor(loss[i] || 0);
      ctx.fillRect(x - w / 2, y - 1.5 * devicePixelRatio, w, 3 * devicePixelRatio);
    }
    ctx.restore();
  }

  function lineOptions(width, state) {
    const ok = css("--ok");
    return {
      width, height: CHART_HEIGHT,
      cursor: { points: { size: 6 }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: xScale(state), ms: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] }, ok: { range: [0, 1.02] } },
      series: [
        {},
        // Points only where they are sparse (uPlot's default): a lone run still shows.
        { label: "duration", scale: "ms", stroke: css("--accent"), width: 1.5, fill: css("--band"),
          value: (u, v) => ms(v) },
        { label: "success", scale: "ok", stroke: ok, width: 1, points: { show: false },
          paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => ratio(v) },
      ],
      axes: axes("ms", (v) => ms(v), { scale: "ok", side: 1, stroke: css("--muted"), grid: { show: false },
        ticks: { show: false }, size: axisSize, splits: () => [0, 0.5, 1], values: (u, vals) => vals.map((v) => v * 100 + " %") }),
      hooks: {
        drawClear: [(u) => shade(u, (i) => {
          const s = u.data[2][i];
          return s == null ? 0 : 1 - s;
        }, css("--bad"))],
      },
    };
  }

  /** Charts by task, then by target: uPlot instances reused and fed new data every 30 s. */
  const charts = new Map();

  function historyData(h, target) {
    if (h.chart === "band") return [target.t, target.min, target.median, target.max, target.loss];
    return [target.t, target.duration_ms, target.success];
  }

  function createTaskHistory(task) {
    const section = el("div", "task-history");
    const head = part(section, "head", "div", "task-history-head");
    const title = el("h3");
    part(title, "id", "span");
    part(title, "plugin", "span", "tag");
    head.appendChild(title);
    const legend = part(head, "legend", "div", "legend");
    if (task.chart === "band") {
      legend.appendChild(el("span", null, "loss"));
      for (const [, name, label] of LOSS_STEPS) {
        const item = el("span");
        item.appendChild(el("span", "swatch sw-" + name.slice(2)));
        item.appendChild(document.createTextNode(label));
        legend.appendChild(item);
      }
    }
    part(section, "charts", "div", "charts");
    part(section, "more", "p", "more");
    part(section, "empty", "p", "more");
    return section;
  }

  function updateTaskHistory(section, task) {
    setText(f(section, "id"), task.id);
    setText(f(section, "plugin"), task.plugin);
    const h = history.get(task.id);
    const targets = h ? h.targets || [] : [];
    const shown = targets.slice(0, MAX_CHARTS_PER_TASK);
    setText(f(section, "more"), targets.length > shown.length
      ? "Charts for the first " + shown.length + " of " + targets.length + " targets." : "");
    const none = !task.last_run ? "No history yet: the task has not run." : !h ? "Loading history…" : "";
    setText(f(section, "empty"), none || (targets.length === 0 ? "No history yet." : ""));
    sync(f(section, "charts"), shown, (x) => x.name, createChart, (div, target) => updateChart(div, task, h, target));
  }

  function createChart(target) {
    const div = el("div", "chart");
    const title = el("div", "chart-title");
    part(title, "name", "span");
    part(title, "resolution", "span", "muted");
    div.appendChild(title);
    part(div, "plot", "div", "chart-plot");
    div.dataset.target = target.name;
    return div;
  }

  function updateChart(div, task, h, target) {
    setText(f(div, "name"), target.name);
    setText(f(div, "resolution"), h.resolution_seconds ? duration(h.resolution_seconds) + " per point" : "");
    const data = historyData(h, target);
    const plot = f(div, "plot");
    let u = charts.get(plot);
    if (u && u._kind !== h.chart) {
      u.destroy();
      u = null;
    }
    const resolution = h.resolution_seconds || 30;
    if (!u) {
      const width = Math.max(200, plot.clientWidth);
      const state = { resolution };
      u = new uPlot(h.chart === "band" ? bandOptions(width, state) : lineOptions(width, state), data, plot);
      u._kind = h.chart;
      u._state = state;
      charts.set(plot, u);
      resizer.observe(plot);
    } else {
      u._state.resolution = resolution;
      u.setData(data);
    }
  }

  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const u = charts.get(entry.target);
      const width = Math.floor(entry.contentRect.width);
      if (u && width > 0 && Math.abs(u.width - width) > 1) u.setSize({ width, height: CHART_HEIGHT });
    }
  });

  function renderHistory() {
    const tasks = (lastStatus && lastStatus.tasks) || [];
    sync($("history"), tasks.filter((t) => t.chart), (t) => t.id, createTaskHistory, updateTaskHistory);
    for (const [plot, u] of charts) {
      if (!plot.isConnected) {
        resizer.unobserve(plot);
        u.destroy();
        charts.delete(plot);
      }
    }
  }

  // ---------------------------------------------------------------- refresh loops

  let lastStatus = null;
  let lastOk = null;
  const history = new Map();

  async function getJson(url) {
    const r = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }

  function connection(ok, error) {
    const conn = $("conn");
    setClass(conn, "conn " + (ok ? "live" : "lost"));
    const text = $("conn-text");
    if (ok) setTime(text, lastOk, "updated ");
    else {
      const lost = "cannot reach Sentinel (" + error + ")";
      setTime(text, lastOk, lost + " · last update ", lost);
    }
  }

  async function refreshStatus() {
    try {
      const s = await getJson("api/v1/status");
      const a = s.agent || {};
      if (a.started_at != null && a.uptime_seconds != null) {
        clockOffset = a.started_at + a.uptime_seconds - Date.now() / 1000;
      }
      lastOk = serverNow();
      const firstOrNew = !lastStatus || charted(s).some((t) => !history.has(t.id));
      lastStatus = s;
      updateAgent(a);
      updateSummary(s);
      const tasks = s.tasks || [];
      sync(document.querySelector("#tasks tbody"), tasks, (t) => t.id, createTask, updateTask);
      $("tasks-empty").hidden = tasks.length > 0;
      const dests = s.destinations || [];
      sync(document.querySelector("#destinations tbody"), dests, (d) => d.name, createDestination, updateDestination);
      $("destinations-empty").hidden = dests.length > 0;
      renderHistory();
      connection(true);
      if (firstOrNew) refreshHistory();
    } catch (e) {
      connection(false, e.message || String(e));
    }
  }

  /** The tasks with a history to read: a chart, and a run (before it the API knows no history). */
  function charted(s) {
    return (s.tasks || []).filter((t) => t.chart && t.last_run);
  }

  let historyBusy = false;
  async function refreshHistory() {
    if (historyBusy || !lastStatus) return;
    historyBusy = true;
    try {
      for (const t of charted(lastStatus)) {
        try {
          history.set(t.id, await getJson("api/v1/history?task=" + encodeURIComponent(t.id)));
        } catch (e) {
          // Keep the last history; the connection line reports an unreachable daemon.
        }
      }
      renderHistory();
    } finally {
      historyBusy = false;
    }
  }

  /** Runs `fn` now and then `every` ms after each run ends, skipping while the tab is hidden. */
  function loop(fn, every) {
    const run = async () => {
      if (!document.hidden) await fn();
      setTimeout(run, every);
    };
    run();
  }

  function start() {
    loop(refreshStatus, STATUS_EVERY_MS);
    setTimeout(() => loop(refreshHistory, HISTORY_EVERY_MS), HISTORY_EVERY_MS);
    setInterval(tick, 1000);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) refreshStatus();
    });
  }

  start();
})();
