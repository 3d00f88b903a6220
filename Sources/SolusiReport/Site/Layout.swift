import SolusiKit

/// The frame every page of the report shares: head, navigation, the personal-data notice, footer.
struct Layout {
    var generatedAt: Int64
    var periodText: String
    var showPersonalData: Bool

    /// A whole page. `depth` is how many folders below the site's root the page is (for links).
    func page(title: String, depth: Int, body: HTML) -> String {
        let root = depth == 0 ? "" : String(repeating: "../", count: depth)
        let notice: HTML =
            showPersonalData
            ? """
            <p class="personal" role="note"><strong>Berisi data pribadi.</strong> Laporan ini dibuat dengan <code>--show-personal-data</code>: NIK, NIP, NUPTK, nomor telepon, alamat e-mail dan nama tampil apa adanya. Hanya untuk penggunaan internal; jangan diteruskan.</p>

            """
            : ""
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="id">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) — Laporan Pusat Bantuan PMM</title>
            <link rel="stylesheet" href="\(root)assets/laporan.css">
            <script src="\(root)assets/laporan.js" defer></script>
            </head>
            <body>
            <header class="site">
            <p class="brand"><a href="\(root)index.html">Laporan Pusat Bantuan PMM</a></p>
            <nav aria-label="Navigasi laporan">
            <ul>
            <li><a href="\(root)index.html">Ringkasan</a></li>
            <li><a href="\(root)tidak-dikenal.html">Tiket tidak dikenal</a></li>
            <li><a href="\(root)index.html#artikel">Artikel solusi</a></li>
            </ul>
            </nav>
            </header>
            <main id="isi">
            \(notice)\(body)</main>
            <footer>
            <p>Periode: \(periodText). Dibuat \(TicketDate.isoString(generatedAt)) oleh Solusi.
            \(showPersonalData ? "Data pribadi <strong>tidak</strong> disamarkan." as HTML : "Data pribadi dalam teks tiket (NIK, NIP, NUPTK, nomor telepon, e-mail, nama) disamarkan.")</p>
            </footer>
            </body>
            </html>

            """
        return page.markup
    }

    static let stylesheet = """
        :root { --ink: #1b1f24; --muted: #4a5560; --line: #d8dde3; --accent: #1f5f8b; --accent-soft: #dbe9f4; --warn: #8a3b00; --warn-soft: #fff1e0; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: var(--ink); line-height: 1.5; background: #fff; }
        header.site { background: var(--accent); color: #fff; padding: .6rem 1.5rem; display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; }
        header.site a { color: #fff; }
        .brand { margin: 0; font-weight: 700; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1.2rem; margin: 0; padding: 0; }
        main { max-width: 64rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.7rem; line-height: 1.25; margin: 1.2rem 0 .4rem; }
        h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
        a { color: var(--accent); }
        .lead { color: var(--muted); margin-top: 0; }
        .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .8rem; margin: 1rem 0; padding: 0; list-style: none; }
        .totals li { border: 1px solid var(--line); border-radius: .4rem; padding: .6rem .8rem; }
        .totals strong { display: block; font-size: 1.6rem; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
        caption { text-align: left; color: var(--muted); font-size: .9rem; padding-bottom: .3rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; background: #f5f7f9; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th button { font: inherit; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-decoration: underline dotted; }
        .status { display: inline-block; padding: 0 .45rem; border-radius: .8rem; font-size: .85rem; background: var(--accent-soft); white-space: nowrap; }
        .status-solved { background: #dcefdc; } .status-workaround { background: #fdf1c7; } .status-investigating, .status-identified { background: var(--warn-soft); color: var(--warn); }
        .up { color: var(--warn); } .down { color: #1d6b2f; }
        .chart-figure { margin: .4rem 0 1rem; }
        .chart { width: 100%; height: auto; display: block; }
        .chart .axis { stroke: var(--muted); } .chart .grid { stroke: var(--line); stroke-dasharray: 4 4; }
        .chart .mark { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 6 3; } .chart .mark-label { font-weight: 700; fill: var(--ink); }
        .chart text { font-size: 12px; fill: var(--muted); } .chart .empty { font-size: 16px; }
        .legend { list-style: none; padding: 0; margin: .3rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; font-size: .9rem; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .35rem; vertical-align: -.05rem; border-radius: .15rem; }
        .mark-key { display: inline-block; min-width: 1.2rem; margin-right: .3rem; font-weight: 700; text-align: center; border: 1.5px dashed var(--ink); border-radius: .2rem; }
        .sparkline { vertical-align: middle; } .spark { fill: none; stroke: var(--accent); stroke-width: 1.5; } .spark-dot { fill: var(--accent); }
        .ticket-text { max-width: 34rem; min-width: 22rem; overflow-wrap: anywhere; }
        td.date { white-space: nowrap; }
        strong.new { display: inline-block; padding: 0 .35rem; border-radius: .2rem; background: var(--warn-soft); color: var(--warn); font-size: .8rem; text-transform: uppercase; }
        td.share { width: 30%; min-width: 6rem; vertical-align: middle; } .share-bar { display: block; height: .8rem; background: var(--accent); border-radius: .15rem; }
        .personal { background: var(--warn-soft); color: var(--warn); border: 1px solid var(--warn); padding: .6rem .8rem; border-radius: .4rem; }
        .note { color: var(--muted); }
        .filter { margin: .4rem 0; }
        footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; padding: 1rem 1.5rem 2rem; max-width: 64rem; margin: 0 auto; }
        code { background: #f0f2f4; padding: 0 .25rem; border-radius: .2rem; }
        @media (max-width: 40rem) {
          header.site { padding: .6rem .8rem; } main { padding: .8rem .8rem 2rem; } footer { padding: 1rem .8rem 2rem; }
          table { display: block; overflow-x: auto; } caption { display: block; position: sticky; left: 0; max-width: calc(100vw - 1.6rem); }
          tbody td:first-child { min-width: 9rem; } td.ticket-text { min-width: 20rem; }
          .chart text { font-size: 26px; } .chart .empty { font-size: 30px; }
        }
        @media print {
          header.site nav, th button, .filter { display: none; }
          header.site { background: none; color: var(--ink); padding: 0; } header.site a { color: var(--ink); text-decoration: none; }
          main { max-width: none; padding: 0; } h2 { break-after: avoid; } tr, .chart { break-inside: avoid; }
          a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
        }

        """

    /// Progressive enhancement only: every table of class "sortable" gets sortable headers, and a
    /// table with a "data-filter" column gets a filter box. Without JavaScript nothing is lost.
    static let script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll("table.sortable").forEach(function (table) {
            var headers = table.querySelectorAll("thead th");
            headers.forEach(function (th, column) {
              var button = document.createElement("button");
              button.type = "button";
              button.textContent = th.textContent;
              th.textContent = "";
              th.appendChild(button);
              button.addEventListener("click", function () {
                var ascending = th.getAttribute("aria-sort") !== "ascending";
                headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = a.cells[column], y = b.cells[column];
                  var xv = x.getAttribute("data-value"), yv = y.getAttribute("data-value");
                  var result = (xv !== null && yv !== null) ? Number(xv) - Number(yv) : x.textContent.localeCompare(y.textContent, "id");
                  return ascending ? result : -result;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              });
            });
          });
          document.querySelectorAll("table[data-filter]").forEach(function (table) {
            var column = Number(table.getAttribute("data-filter"));
            var label = document.createElement("label");
            label.className = "filter";
            label.textContent = table.getAttribute("data-filter-label") + " ";
            var input = document.createElement("input");
            input.type = "search";
            label.appendChild(input);
            table.parentNode.insertBefore(label, table);
            input.addEventListener("input", function () {
              var wanted = input.value.trim().toLowerCase();
              Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
                row.hidden = wanted !== "" && row.cells[column].textContent.toLowerCase().indexOf(wanted) < 0;
              });
            });
          });
        });

        """
}
