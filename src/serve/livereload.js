// agora live reload: speaks the LiveReload protocol over a WebSocket on the
// same port as the page. CSS changes swap stylesheets; anything else reloads.
(function () {
  "use strict";
  var proto = location.protocol === "https:" ? "wss://" : "ws://";
  function connect() {
    var ws = new WebSocket(proto + location.host + "/livereload");
    ws.onopen = function () {
      ws.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
    };
    ws.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.command !== "reload") { return; }
      var path = msg.path || "";
      if (/\.css(\?|$)/.test(path) && msg.liveCSS !== false) {
        var links = document.querySelectorAll('link[rel="stylesheet"]');
        for (var i = 0; i < links.length; i++) {
          var href = links[i].href.replace(/[?&]livereload=\d+/, "");
          links[i].href = href + (href.indexOf("?") < 0 ? "?" : "&") + "livereload=" + Date.now();
        }
      } else {
        location.reload();
      }
    };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
