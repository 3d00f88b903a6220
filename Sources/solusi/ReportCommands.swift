import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Report: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Laporan statis untuk tim teknis: ringkasan, satu halaman per isu dan per artikel, tiket tidak dikenal.",
        discussion: """
            Situs mandiri di DIR (buka DIR/index.html, juga dari file://). Solusi mencatat berkas yang ditulisnya di DIR/.solusi-laporan: halaman laporan sebelumnya yang tidak ditulis lagi dihapus, dan berkas yang bukan tulisan Solusi tidak ditimpa kecuali dengan --force. Teks tiket di-escape, dan data pribadi (NIK, NIP, NUPTK, nomor telepon, alamat e-mail, nama sesudah "nama saya") disamarkan kecuali dengan --show-personal-data, yang lalu disebutkan di setiap halaman.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder tujuan situs.") var out: String
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Tampilkan data pribadi tanpa disamarkan (khusus internal; setiap halaman menyebutkannya).")
    var showPersonalData = false
    @Flag(help: "Timpa berkas di --out yang tidak ditulis Solusi.") var force = false

    func execute() async throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.readingKnowledgeBase(warn: Terminal.warning))
        let store = try global.workspace.openStore(knowledgeBase: publisher.knowledgeBase)
        // The whole store is read when no period is given: its count is the bar's end.
        let status = StatusService(store: store, knowledgeBase: publisher.knowledgeBase)
        let total = period.start == nil && period.end == nil ? try? await status.counts().tickets : nil
        let progress = Terminal.ticketsRead("Laporan", total: total)
        let outcome = try publisher.report(
            from: store, since: period.start, until: period.end, into: out, showPersonalData: showPersonalData,
            force: force, progress: progress)
        Terminal.clearProgress()
        if showPersonalData {
            Terminal.warning("Laporan berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(outcome.files.count) berkas laporan ditulis ke \(out) (\(outcome.tickets) tiket).")
        print(outcome.index)
    }
}

struct Export: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Tiket dengan isu, keyakinan, label dan statusnya, sebagai CSV atau JSON Lines.",
        discussion: """
            Ruas: \(ExportWriter.fields.joined(separator: ", ")). issue adalah jawaban pengklasifikasi (kosong/null: tidak dikenal), label adalah label agen terakhir (id isu atau "other"), issue_status adalah status isu label itu, bila tidak ada, isu klasifikasinya. Subjek dan deskripsi disamarkan kecuali dengan --show-personal-data. Tiket terlama lebih dulu.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "csv atau jsonl.") var format: TicketWriter.Format
    @Option(help: "Berkas yang ditulis (- untuk keluaran standar).") var out: String
    @Flag(help: "Timpa --out bila sudah ada.") var force = false
    @OptionGroup var period: PeriodOptions
    @Flag(help: "Ekspor data pribadi tanpa disamarkan (khusus internal).") var showPersonalData = false

    func execute() async throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.readingKnowledgeBase(warn: Terminal.warning))
        let store = try global.workspace.openStore(knowledgeBase: publisher.knowledgeBase)
        let count = try publisher.export(
            from: store, format: format, since: period.start, until: period.end, showPersonalData: showPersonalData,
            to: ByteSink(path: out, replacing: force))
        if showPersonalData {
            Terminal.warning("Ekspor berisi data pribadi yang tidak disamarkan: hanya untuk internal.")
        }
        Terminal.message("\(count) tiket diekspor ke \(out).")
    }
}

struct Announce: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "announce",
        abstract: "Pembaruan status dalam Markdown Hugo: solusi yang kini tersedia, dikelompokkan per artikel.",
        discussion: """
            Dibuat dari basis pengetahuan saja (tanpa teks tiket). Isu yang statusnya menjadi solved atau workaround pada atau sesudah --since diberi nomor; isu yang berbagi artikel disampaikan di bawah satu nomor. Isu yang masih investigating atau identified menyusul.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Hanya solusi yang tersedia pada atau sesudah hari ini (YYYY-MM-DD).") var since: String?
    @Option(help: "Hari pengumuman, YYYY-MM-DD (bawaan: sekarang, WIB).") var date: String?
    @Option(help: "Berkas Markdown yang ditulis (- untuk keluaran standar).") var out: String
    @Flag(help: "Timpa --out bila sudah ada.") var force = false
    @Option(help: "Penulis di front matter.") var author = "Tim Pusat Bantuan PMM"
    @Option(help: "Judul (bawaan: dari isu-isunya).") var title: String?
    @Flag(help: "Tandai tulisan sebagai draf.") var draft = false

    func validate() throws {
        for (name, value) in [("--since", since), ("--date", date)] {
            if let value, Day(value) == nil {
                throw ValidationError(Day.problem(with: value, option: name) ?? name)
            }
        }
    }

    func execute() async throws {
        let publisher = Publisher(knowledgeBase: try global.workspace.loadKnowledgeBase())
        let announcement = publisher.announcement(
            since: since.flatMap(Day.init), on: date.flatMap(Day.init), author: author, title: title, draft: draft)
        try publisher.write(announcement, to: ByteSink(path: out, replacing: force))
        let told = announcement.items.flatMap(\.issues).count
        Terminal.message(
            told == 0
                ? "Tidak ada solusi baru\(since.map { " sejak \($0)" } ?? ""); pengumuman tetap ditulis ke \(out)."
                : "Pengumuman dengan \(told) isu (\(announcement.items.count) butir) ditulis ke \(out).")
    }
}

struct StatusPageCommand: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "statuspage",
        abstract: "Halaman status publik isu dikenal: situs Hugo untuk tema cState.",
        discussion: """
            Menulis DIR/config.yml dan DIR/content/issues/<tanggal>-<id>.md untuk setiap isu dikenal yang tidak retired, dari basis pengetahuan (dan, bila basis datanya ada, jumlah tiket tiap isu; tidak pernah teks tiket). Bangun dengan: hugo -s DIR --themesDir THEMES --theme cstate. Menjalankannya lagi menulis ulang situs, menghapus halaman isu yang retired atau dihapus, dan tidak pernah menyentuh berkas di DIR yang bukan tulisan Solusi. Tingkat: isu yang belum selesai "disrupted" (juga yang punya solusi sementara), solved selesai; catatan terbaru riwayatnya tampil paling atas.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder situs Hugo.") var out: String
    @Option(help: "Judul situs.") var title = StatusPage.Options().title
    @Option(
        help: ArgumentHelp(
            "Alamat terbit situs (baseURL Hugo), dipakai di feed RSS dan tautan. Tanpa opsi ini: \(StatusPage.Options().baseURL), dengan peringatan.",
            valueName: "url"))
    var baseURL: String?

    func execute() async throws {
        let workspace = global.workspace
        var options = StatusPage.Options()
        options.title = title
        if let baseURL {
            options.baseURL = baseURL
        } else {
            Terminal.warning(
                "solusi: --base-url tidak diberikan: feed RSS dan tautan situs memakai \(options.baseURL), alamat contoh. Berikan alamat situs status yang sebenarnya sebelum diterbitkan."
            )
        }
        let knowledgeBase = try workspace.loadKnowledgeBase()
        let page = try Publisher(knowledgeBase: knowledgeBase)
            .statusPage(counting: try workspace.existingStore(knowledgeBase: knowledgeBase), options: options)
        let outcome = try page.write(to: out)
        let open = page.issues.filter { !StatusPage.State($0).resolved }.count
        Terminal.message(
            "Halaman status ditulis ke \(out): \(page.issues.count) isu (\(open) belum selesai)"
                + (outcome.removed.isEmpty ? "." : "; \(outcome.removed.count) halaman isu lama dihapus."))
    }
}
