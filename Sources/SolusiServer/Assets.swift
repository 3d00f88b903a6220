import Hummingbird

/// The console's style sheet and script, served from the binary (no files to install).
enum Assets {
    /// A text answer of this type.
    static func response(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The style sheet or the script: a browser may keep it five minutes (pages are never kept),
    /// so a page view does not fetch both again; after an upgrade the new one is in use within that.
    static func asset(_ text: String, type: String) -> Response {
        var response = response(text, type: type)
        response.headers[.cacheControl] = "max-age=300"
        return response
    }

    /// Readable at 390 px and at 1280 px; nothing wider than the screen (tables scroll in their
    /// own box); focus always visible; colours with a contrast of at least 4.5:1.
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; }
        body { margin: 0; overflow-wrap: break-word; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .5rem 1rem; background: #0b3d5c; color: #fff; }
        header a, header button { color: #fff; }
        .brand { font-weight: 700; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
        .logout { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        .logout button { background: transparent; border: 1px solid #fff; }
        main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
        main:focus { outline: none; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.2rem; }
        a { color: #0a4f8a; }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, tr.current a { outline: 3px solid #b35900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; color: #0a4f8a; padding: .5rem; z-index: 1; }
        button { font: inherit; padding: .45rem .9rem; border-radius: 4px; border: 1px solid #0b3d5c; background: #0b3d5c; color: #fff; cursor: pointer; }
        button:disabled { background: #6b6b6b; border-color: #6b6b6b; cursor: not-allowed; }
        input, select, textarea { font: inherit; padding: .35rem; border: 1px solid #6b6b6b; border-radius: 4px; max-width: 100%; }
        textarea { width: 100%; }
        label { display: block; font-weight: 600; margin-top: .5rem; }
        .login { display: grid; gap: .25rem; max-width: 22rem; }
        .login button { margin-top: .75rem; }
        .alert { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem .75rem; }
        .filters { margin: 1rem 0; }
        .filters a[aria-current] { font-weight: 700; }
        .count { display: inline-block; min-width: 2rem; padding: 0 .4rem; border-radius: 1rem; background: #e8eef3; color: #1a1a1a; text-align: center; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #d0d7de; }
        th, td:first-child { white-space: nowrap; }
        td:nth-child(2) { min-width: 12rem; }
        .meta { display: block; color: #4d4d4d; font-size: .9rem; }
        .ticket-grid { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
        @media (min-width: 60rem) { .ticket-grid { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
        .ticket .text { white-space: normal; }
        mark { background: #ffe08a; color: #1a1a1a; }
        .actions { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: flex-end; margin: 1rem 0; padding: .75rem; background: #f3f6f8; border-radius: 6px; }
        .actions h2 { width: 100%; margin: 0; }
        .actions form { min-width: 0; max-width: 100%; }
        .relabel { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: flex-end; }
        .relabel select { width: 100%; }
        .status { min-width: 0; max-width: 100%; }
        .status select { max-width: 100%; }
        .keys { margin-top: 2rem; }
        .keys dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        .keys dt { font-family: ui-monospace, monospace; font-weight: 700; }
        .status { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: flex-end; }
        @media (max-width: 30rem) { .logout { margin-left: 0; } }

        """

    /// The keyboard (`j`/`k`, Enter, `t`, `g`, `l`, `n`, `?`; single keys can be switched off,
    /// WCAG 2.1.4) and the copy button. The pages work without it.
    static let javaScript = """
        "use strict";
        (function () {
          var storeKey = "solusi.singleKeys";
          function singleKeysOn() { try { return localStorage.getItem(storeKey) !== "off"; } catch (e) { return true; } }
          function press(key) {
            var target = document.querySelector('[data-key="' + key + '"]');
            if (!target || target.disabled) { return false; }
            if (target.tagName === "SELECT") { target.focus(); } else { target.click(); }
            return true;
          }
          function rows() { return Array.prototype.slice.call(document.querySelectorAll("a.ticket-link")); }
          function move(step) {
            var links = rows();
            if (links.length === 0) { return; }
            var at = links.indexOf(document.activeElement);
            var next = at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + step));
            links[next].focus();
          }
          document.addEventListener("DOMContentLoaded", function () {
            var toggle = document.getElementById("single-keys");
            if (toggle) {
              toggle.checked = !singleKeysOn();
              toggle.addEventListener("change", function () {
                try { localStorage.setItem(storeKey, toggle.checked ? "off" : "on"); } catch (e) { }
              });
            }
            document.querySelectorAll("button[data-copy]").forEach(function (button) {
              var source = document.getElementById(button.getAttribute("data-copy"));
              if (!source || !navigator.clipboard) { return; }
              button.hidden = false;
              button.addEventListener("click", function () {
                navigator.clipboard.writeText(source.value).then(function () { button.textContent = "Tersalin"; });
              });
            });
          });
          document.addEventListener("keydown", function (event) {
            if (event.ctrlKey || event.metaKey || event.altKey) { return; }
            var tag = event.target && event.target.tagName;
            if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (event.target && event.target.isContentEditable)) { return; }
            if (!singleKeysOn()) { return; }
            var handled = true;
            switch (event.key) {
              case "j": move(1); break;
              case "k": move(-1); break;
              case "t": handled = press("t"); break;
              case "g": handled = press("g"); break;
              case "l": handled = press("l"); break;
              case "n": handled = press("n"); break;
              case "?":
                var help = document.getElementById("keys");
                if (help) { help.open = !help.open; if (help.open) { help.querySelector("summary").focus(); } }
                break;
              default: handled = false;
            }
            if (handled) { event.preventDefault(); }
          });
        })();

        """
}
