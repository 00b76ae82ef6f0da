// Hoverla flight report: draws the charts of the embedded JSON (#report-data) with uPlot.
// Runs offline from a file:// page; no network access.
(function () {
  'use strict'
  var data = JSON.parse(document.getElementById('report-data').textContent)
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#7f7f7f', '#bcbd22', '#393b79', '#637939']
  var plots = []

  function width (el) {
    return Math.max(320, Math.floor(el.clientWidth || document.body.clientWidth - 40 || 900))
  }

  function fail (el, what, e) {
    console.error('flight report: ' + what + ': ' + e)
    var p = document.createElement('p')
    p.className = 'missing'
    p.textContent = 'Could not draw ' + what + ': ' + e
    el.appendChild(p)
  }

  function timeChart (c) {
    var el = document.getElementById('chart-' + c.id)
    if (!el) return
    try {
      var tables = c.series.map(function (s) { return [s.t, s.y] })
      var joined = uPlot.join(tables)
      var hasY2 = c.series.some(function (s) { return s.scale === 'y2' })
      var series = [{ label: 't (s)', value: function (u, v) { return v == null ? '–' : v.toFixed(3) } }]
      var colour = 0
      var baseIndex = {}
      c.series.forEach(function (s) {
        // A setpoint is dashed, in the colour paired with the series it belongs to (blue: orange).
        var key = s.label.replace(/ setpoint$/, '')
        var idx = s.setpoint && key in baseIndex ? baseIndex[key] + 3 : colour++
        if (!s.setpoint) baseIndex[key] = idx
        var col = palette[idx % palette.length]
        series.push({ label: s.label, stroke: col, width: s.setpoint ? 1.5 : 1.25, dash: s.setpoint ? [6, 4] : undefined,
          scale: s.scale || 'y', spanGaps: true, points: { show: false } })
      })
      var axes = [{ label: 'time since log start (s)' }, { label: c.unit || '', scale: 'y' }]
      var scales = { x: { time: false } }
      if (hasY2) {
        axes.push({ label: c.y2Unit || '', scale: 'y2', side: 1, grid: { show: false } })
        scales.y2 = { auto: true }
      }
      var opts = { width: width(el), height: 240, series: series, axes: axes, scales: scales,
        cursor: { sync: { key: 'time' } }, legend: { live: true } }
      plots.push([new uPlot(opts, joined, el), el])
    } catch (e) {
      fail(el, 'chart ' + c.id, e)
    }
  }

  function histogramChart (h) {
    var el = document.getElementById('histogram')
    if (!el || !h) return
    try {
      var xs = h.labels.map(function (_, i) { return i })
      var counts = h.counts.map(function (v) { return v == null ? 0 : v })
      var opts = { width: width(el), height: 260,
        scales: { x: { time: false, range: [-0.5, xs.length - 0.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)] } } },
        series: [{ label: 'bucket', value: function (u, v) { return v == null ? '–' : h.labels[v] } },
          { label: 'cycles', stroke: '#3867a8', fill: 'rgba(56,103,168,0.55)', paths: uPlot.paths.bars({ size: [0.8, 60] }), points: { show: false } }],
        axes: [{ label: 'lateness (µs)', splits: function () { return xs }, values: function (u, splits) { return splits.map(function (i) { return h.labels[i] || '' }) }, rotate: -30, size: 60 },
          { label: 'cycles' }],
        legend: { live: true } }
      plots.push([new uPlot(opts, [xs, counts], el), el])
    } catch (e) {
      fail(el, 'the loop-timing histogram', e)
    }
  }

  function trackChart (t) {
    var canvas = document.getElementById('track-canvas')
    if (!canvas || !t) return
    try {
      var dpr = window.devicePixelRatio || 1
      var css = Math.min(560, width(canvas.parentNode))
      canvas.style.width = css + 'px'
      canvas.style.height = css + 'px'
      canvas.width = Math.round(css * dpr)
      canvas.height = Math.round(css * dpr)
      var g = canvas.getContext('2d')
      g.scale(dpr, dpr)
      var n = t.n; var e = t.e
      var minN = Infinity; var maxN = -Infinity; var minE = Infinity; var maxE = -Infinity
      for (var i = 0; i < n.length; i++) {
        if (n[i] == null || e[i] == null) continue
        minN = Math.min(minN, n[i]); maxN = Math.max(maxN, n[i]); minE = Math.min(minE, e[i]); maxE = Math.max(maxE, e[i])
      }
      if (!isFinite(minN)) throw new Error('no finite track point')
      var pad = 40
      var span = Math.max(maxN - minN, maxE - minE, 1)
      var scale = (css - 2 * pad) / span
      var cN = (minN + maxN) / 2; var cE = (minE + maxE) / 2
      function px (ee) { return css / 2 + (ee - cE) * scale }
      function py (nn) { return css / 2 - (nn - cN) * scale }
      // grid at a round step
      var step = Math.pow(10, Math.floor(Math.log10(span / 4)))
      if (span / step > 10) step *= 5; else if (span / step > 5) step *= 2
      g.strokeStyle = '#e6eaee'; g.fillStyle = '#56636f'; g.font = '11px sans-serif'; g.lineWidth = 1
      var half = (css / 2) / scale
      for (var v = Math.ceil((cE - half) / step) * step; v <= cE + half; v += step) {
        g.beginPath(); g.moveTo(px(v), 0); g.lineTo(px(v), css); g.stroke()
        g.fillText(Math.round(v * 100) / 100 + '', px(v) + 2, css - 4)
      }
      for (v = Math.ceil((cN - half) / step) * step; v <= cN + half; v += step) {
        g.beginPath(); g.moveTo(0, py(v)); g.lineTo(css, py(v)); g.stroke()
        g.fillText(Math.round(v * 100) / 100 + '', 2, py(v) - 2)
      }
      g.fillText('east (m) →', css - 70, css - 16)
      g.fillText('↑ north (m)', 4, 12)
      g.strokeStyle = '#1f77b4'; g.lineWidth = 1.5
      g.beginPath()
      var first = null; var last = null; var pen = false
      for (i = 0; i < n.length; i++) {
        if (n[i] == null || e[i] == null) { pen = false; continue }
        if (!pen) g.moveTo(px(e[i]), py(n[i])); else g.lineTo(px(e[i]), py(n[i]))
        pen = true
        if (!first) first = [e[i], n[i]]
        last = [e[i], n[i]]
      }
      g.stroke()
      g.fillStyle = '#2ca02c'; g.beginPath(); g.arc(px(first[0]), py(first[1]), 5, 0, 2 * Math.PI); g.fill()
      g.fillStyle = '#d62728'; g.beginPath(); g.arc(px(last[0]), py(last[1]), 5, 0, 2 * Math.PI); g.fill()
    } catch (e) {
      fail(canvas.parentNode, 'the track', e)
    }
  }

  trackChart(data.track)
  data.charts.forEach(timeChart)
  histogramChart(data.histogram)
  var pending = null
  window.addEventListener('resize', function () {
    clearTimeout(pending)
    pending = setTimeout(function () {
      plots.forEach(function (p) { p[0].setSize({ width: width(p[1]), height: p[0].height }) })
    }, 150)
  })
  document.body.setAttribute('data-charts-drawn', String(plots.length))
})()
