import SolusiKit

/// The plain summary page `solusi demo` writes until the full report exists: how many tickets
/// were stored, per day, channel, role and province, and what was rejected.
public struct SummaryPage {
    public var counts: StoreCounts
    /// Tickets per classified known issue, by title; empty when nothing was classified.
    public var byIssue: [Tally]
    public var byDay: [Tally]
    public var byChannel: [Tally]
    public var byRole: [Tally]
    public var byProvince: [Tally]
    public var rejects: [RejectedRecord]
    /// When the page was made, seconds since 1970.
    public var generatedAt: Int64

    public init(
        store: any TicketStore, generatedAt: Int64, issueTitles: [String: String] = [:], rejectLimit: Int = 50
    ) throws {
        counts = try store.counts()
        byIssue = try store.tally(by: .issue).map { tally in
            Tally(
                value: tally.value.isEmpty ? "Tidak dikenal" : issueTitles[tally.value] ?? tally.value,
                count: tally.count)
        }
        byDay = try store.tally(by: .day)
        byChannel = try store.tally(by: .channel)
        byRole = try store.tally(by: .requesterRole)
        byProvince = try store.tally(by: .province)
        rejects = try store.rejects(limit: rejectLimit)
        self.generatedAt = generatedAt
    }

    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="id">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Solusi — Ringkasan tiket Pusat Bantuan</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
            h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e5e5e5; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; width: 6rem; }
            .bar { background: #1f5f8b; height: .8rem; display: block; }
            .totals { display: flex; gap: 2rem; } .totals p { margin: 0; } .totals strong { font-size: 1.6rem; display: block; }
            .note { color: #555; } code { background: #f2f2f2; padding: 0 .2rem; }
            </style>
            </head>
            <body>
            <header>
            <h1>Ringkasan tiket Pusat Bantuan</h1>
            <p class="note">Dibuat \(htmlEscape(TicketDate.isoString(generatedAt))) oleh Solusi. Laporan lengkap belum tersedia pada versi ini; halaman ini merangkum tiket yang tersimpan dan isu yang dikenali.</p>
            </header>
            <main>
            <section class="totals" aria-label="Jumlah">
            <p><strong>\(formatCount(counts.tickets))</strong> tiket tersimpan</p>
            <p><strong>\(formatCount(counts.classified - counts.unknown))</strong> tiket tentang isu yang dikenal</p>
            <p><strong>\(formatCount(counts.unknown))</strong> tiket tidak dikenal</p>
            <p><strong>\(formatCount(counts.rejected))</strong> rekaman ditolak</p>
            </section>

            """
        if !byIssue.isEmpty { page += table(title: "Tiket per isu", header: "Isu", byIssue) }
        page += table(title: "Tiket per hari (WIB)", header: "Tanggal", byDay)
        page += table(title: "Tiket per kanal", header: "Kanal", byChannel)
        page += table(title: "Tiket per peran pelapor", header: "Peran", byRole)
        page += table(title: "Tiket per provinsi", header: "Provinsi", byProvince)
        page += "<h2>Rekaman ditolak</h2>\n"
        if rejects.isEmpty {
            page += "<p>Tidak ada rekaman yang ditolak.</p>\n"
        } else {
            page +=
                "<table>\n<thead><tr><th scope=\"col\">Tempat</th><th scope=\"col\">Alasan</th></tr></thead>\n<tbody>\n"
            for reject in rejects {
                page +=
                    "<tr><td><code>\(htmlEscape(reject.location.description))</code></td><td>\(htmlEscape(reject.reason))</td></tr>\n"
            }
            page += "</tbody>\n</table>\n"
            if counts.rejected > rejects.count {
                page +=
                    "<p class=\"note\">\(formatCount(counts.rejected - rejects.count)) lainnya: lihat <code>solusi rejects</code>.</p>\n"
            }
        }
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    private func table(title: String, header: String, _ tallies: [Tally]) -> String {
        var html = "<h2>\(htmlEscape(title))</h2>\n"
        guard let largest = tallies.map(\.count).max(), largest > 0 else {
            return html + "<p>Belum ada tiket.</p>\n"
        }
        html +=
            "<table>\n<thead><tr><th scope=\"col\">\(htmlEscape(header))</th><th scope=\"col\">Jumlah</th><th scope=\"col\"><span class=\"note\">Sebaran</span></th></tr></thead>\n<tbody>\n"
        for tally in tallies {
            let width = max(1, tally.count * 100 / largest)
            let label = tally.value.isEmpty ? "(tidak diisi)" : tally.value
            html += "<tr><td>\(htmlEscape(label))</td><td class=\"n\">\(formatCount(tally.count))</td>"
            html += "<td><span class=\"bar\" style=\"width: \(width)%\"></span></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
