// Drawing a safety walk's route on the server-rendered map: each click adds "latitude, longitude"
// as a new line in the route textarea, which stays the way to type or correct the route by keyboard.
// The map's projection comes from its data-projection attribute (places/maps.py draw()).
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function setUp(svg) {
    var area = document.getElementById(svg.dataset.routeFor);
    if (!area) return;
    var p = svg.dataset.projection.split(" ").map(Number);
    var k = p[0], minX = p[1], maxY = p[2], scale = p[3], margin = p[4];
    var line = document.createElementNS(SVG_NS, "polyline");
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", "#1b1e23");
    line.setAttribute("stroke-width", "2");
    line.setAttribute("stroke-dasharray", "5 3");
    svg.appendChild(line);
    var undo = document.querySelector('[data-route-undo="' + svg.dataset.routeFor + '"]');

    function toXY(lat, lon) {
      return [(lon * k - minX) * scale + margin, (maxY - lat) * scale + margin];
    }
    function points() {
      return area.value.split("\n").map(function (row) {
        var parts = row.split(",").map(function (v) { return parseFloat(v.trim()); });
        return parts.length === 2 && !isNaN(parts[0]) && !isNaN(parts[1]) ? parts : null;
      }).filter(Boolean);
    }
    function redraw() {
      line.setAttribute("points", points().map(function (pt) {
        var xy = toXY(pt[0], pt[1]);
        return xy[0].toFixed(1) + "," + xy[1].toFixed(1);
      }).join(" "));
      if (undo) undo.hidden = points().length === 0;
    }
    svg.style.cursor = "crosshair";
    svg.addEventListener("click", function (event) {
      var pt = svg.createSVGPoint();
      pt.x = event.clientX;
      pt.y = event.clientY;
      var local = pt.matrixTransform(svg.getScreenCTM().inverse());
      var lon = ((local.x - margin) / scale + minX) / k;
      var lat = maxY - (local.y - margin) / scale;
      var text = area.value.replace(/\s+$/, "");
      area.value = (text ? text + "\n" : "") + lat.toFixed(5) + ", " + lon.toFixed(5);
      redraw();
    });
    area.addEventListener("input", redraw);
    if (undo) {
      undo.addEventListener("click", function () {
        var rows = area.value.replace(/\s+$/, "").split("\n");
        rows.pop();
        area.value = rows.join("\n");
        redraw();
      });
    }
    redraw();
  }

  document.querySelectorAll("svg[data-route-for]").forEach(setUp);
})();
