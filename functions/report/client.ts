/**
 * The page's own script (plain ES2017, inlined after uPlot): draws every `<figure data-chart>`
 * from the JSON beside it, keeps it as wide as its column, and shows the notes of the points
 * under the cursor in a line below the chart. It reads nothing but the page.
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); }
  function iso(ts) { return new Date(Math.round(ts * 1000)).toISOString().replace('T', ' ').replace('.000Z', 'Z'); }
  function pad2(n) { return n < 10 ? '0' + n : String(n); }
  // Axis ticks in UTC, 24-hour: seconds when the ticks are closer than a minute, the date when they are days apart.
  function ticks(u, splits) {
    var step = splits.length > 1 ? splits[1] - splits[0] : 60;
    return splits.map(function (v, i) {
      var d = new Date(v * 1000);
      var hm = pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
      var day = (d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
      if (step >= 86400) return day;
      var text = step < 60 ? hm + ':' + pad2(d.getUTCSeconds()) : hm;
      return i === 0 || (step >= 3600 && d.getUTCHours() === 0) ? text + '\n' + day : text;
    });
  }
  function short(s) { return s.length > 18 ? s.slice(0, 17) + '\u2026' : s; }
  function draw(fig) {
    var spec = JSON.parse(fig.querySelector('script[type="application/json"]').textContent);
    var holder = fig.querySelector('.plot');
    var readout = fig.querySelector('.readout');
    var xs = [];
    spec.series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); }); });
    xs = Array.from(new Set(xs)).sort(function (a, b) { return a - b; });
    var at = new Map(xs.map(function (x, i) { return [x, i]; }));
    var data = [xs], notes = [];
    spec.series.forEach(function (s) {
      var ys = new Array(xs.length).fill(null), ns = new Array(xs.length).fill(null);
      s.points.forEach(function (p) { var i = at.get(p[0]); ys[i] = p[1]; ns[i] = p[2]; });
      data.push(ys); notes.push(ns);
    });
    var lanes = spec.y.kind === 'lanes' ? spec.y.lanes : null;
    // Lane 0 at the top: uPlot's y grows upwards.
    if (lanes) data = data.map(function (ys, k) { return k === 0 ? ys : ys.map(function (y) { return y === null ? null : lanes.length - 1 - y; }); });
    var height = lanes ? Math.max(140, 70 + lanes.length * 36) : 220;
    var labelWidth = lanes ? Math.min(150, 20 + 7 * Math.max.apply(null, lanes.map(function (l) { return short(l).length; }))) : 60;
    var span = xs.length > 0 ? xs[xs.length - 1] - xs[0] : 0;
    var pad = Math.max(span * 0.04, 20);
    var xMin = xs.length > 0 ? xs[0] - pad : 0, xMax = xs.length > 0 ? xs[xs.length - 1] + pad : 1;
    var opts = {
      width: Math.max(200, holder.clientWidth), height: height, tzDate: utc,
      legend: { show: true, live: false },
      cursor: { points: { size: 12 }, drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: function () { return [xMin, xMax]; } },
        y: lanes ? { range: [-0.6, lanes.length - 0.4] } : { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } }
      },
      axes: [
        { space: 70, values: ticks },
        lanes
          ? { size: labelWidth, splits: function () { return lanes.map(function (l, i) { return i; }); }, values: function (u, vals) { return vals.map(function (v) { return short(lanes[lanes.length - 1 - v] || ''); }); } }
          : { size: 56, label: spec.y.label, labelSize: 18 }
      ],
      series: [{ label: 'time (UTC)' }].concat(spec.series.map(function (s) {
        return {
          label: s.label, stroke: s.color, fill: s.line ? undefined : s.color, width: s.line ? 2 : 0, spanGaps: !!s.line,
          paths: s.line ? undefined : function () { return null; },
          points: { show: true, size: s.line ? 6 : 10, fill: s.color, stroke: s.color, width: 1 }
        };
      })),
      hooks: {
        setCursor: [function (u) {
          var i = u.cursor.idx;
          if (i == null) { readout.textContent = '\u00a0'; return; }
          var parts = [];
          notes.forEach(function (ns) { if (ns[i] != null) parts.push(ns[i]); });
          readout.textContent = iso(xs[i]) + (parts.length ? ' \u2014 ' + parts.join('; ') : '');
        }]
      }
    };
    // Axis text in the page's colour, so the charts read in dark mode too.
    var fg = getComputedStyle(document.body).color;
    opts.axes.forEach(function (a) { a.stroke = fg; a.grid = Object.assign({ stroke: 'rgba(128,128,128,0.25)' }, a.grid); a.ticks = { stroke: 'rgba(128,128,128,0.4)' }; });
    var u = new uPlot(opts, data, holder);
    fig.setAttribute('data-drawn', String(xs.length));
    new ResizeObserver(function () {
      var w = Math.max(200, holder.clientWidth);
      if (Math.abs(w - u.width) > 1) u.setSize({ width: w, height: height });
    }).observe(holder);
  }
  document.querySelectorAll('figure[data-chart]').forEach(function (fig) {
    try { draw(fig); } catch (e) {
      fig.classList.add('failed');
      var table = fig.querySelector('details');
      if (table) table.open = true;
      throw e;
    }
  });
})();`;
