import ArgumentParser
import Foundation
import SolusiKit

extension ExportFormat: ExpressibleByArgument {}
extension DateOrder: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

struct Ingest: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Simpan tiket dari ekspor help desk (CSV, JSON Lines, Zendesk, Freshdesk).",
        discussion: """
            Idempoten: tiket dikenali dari sumber dan id-nya; menyimpan ulang berkas yang sama tidak mengubah apa pun, dan tiket yang berubah diperbarui lalu diantrekan lagi untuk klasifikasi.

            Setiap rekaman yang ditolak dilaporkan sebagai berkas:baris: alasan dan disimpan (lihat `solusi rejects`).

            Status keluar: 0 semua rekaman tersimpan, 3 sebagian ditolak (sisanya tersimpan), 1 ada berkas yang tidak dapat dibaca.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Berkas ekspor yang dibaca.")
    var files: [String]

    @Option(help: "auto (ditentukan dari berkasnya), csv, jsonl, zendesk atau freshdesk.")
    var format: ExportFormat = .auto

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Kolom yang memuat sebuah ruas, mis. --map id=\"Nomor Tiket\"; boleh berulang.", valueName: "field=Column"))
    var mappings: [String] = []

    @Option(help: "Sumber tiket (bawaan: pusat-bantuan, zendesk atau freshdesk, dari berkasnya).")
    var source: String?

    @Option(
        help: ArgumentHelp(
            "Urutan tanggal angka seperti 11/07/2024: dmy (hari dulu, kebiasaan Indonesia) atau mdy. Bawaan: ditentukan per berkas dari tanggal yang harinya di atas 12; berkas yang tidak memastikannya ditolak dengan pesan.",
            valueName: "dmy|mdy"))
    var dateOrder: DateOrder?

    @Option(
        help: ArgumentHelp(
            "Pengodean CSV: auto (UTF-8; kolom yang bukan UTF-8 dibaca sebagai Windows-1252, \"ANSI\" dari Excel di Windows), utf-8 atau windows-1252.",
            valueName: "auto|utf-8|windows-1252"))
    var encoding: TextEncoding = .auto

    @Flag(help: "Cetak totalnya sebagai JSON di stdout.")
    var json = false

    /// Reject lines printed per file; the rest are in `solusi rejects`.
    static let rejectLinesShown = 50

    func execute() async throws {
        let mapping: FieldMapping
        do { mapping = try FieldMapping(arguments: mappings) } catch { throw ValidationError(error.description) }
        let workspace = global.workspace
        // Nothing to read: no database is made for it.
        let missing = files.filter { $0 != "-" && !FileManager.default.fileExists(atPath: $0) }
        if missing.count == files.count {
            for file in missing {
                Terminal.message("solusi: \(file): berkas tidak ditemukan; tidak ada yang disimpan.")
            }
            throw ExitCode(1)
        }
        var (service, knowledgeBase) = try IngestService.open(
            workspace, format: format, mapping: mapping, source: source)
        if knowledgeBase == .invalid {
            Terminal.warning(
                "solusi: basis pengetahuan di \(workspace.articles) tidak sah dan tidak disalin; jalankan `solusi kb check`."
            )
        }
        var shown: [String: Int] = [:]
        var started = ContinuousClock.now
        service.encoding = encoding
        service.dateOrder = dateOrder
        let summary = try service.ingest(
            files: files,
            onReject: { file, reject in
                shown[file, default: 0] += 1
                if shown[file]! <= Self.rejectLinesShown { Terminal.warning("\(reject.location): \(reject.reason)") }
            },
            onProgress: { file, records, bytes in
                let seconds = max(started.duration(to: .now) / .seconds(1), 0.001)
                let detail = "\(records) rekaman · \(Int(Double(records) / seconds))/dtk"
                if let size = Self.size(of: file) {
                    Terminal.progress("\(file):", done: Double(bytes), of: Double(size), since: started, detail: detail)
                } else {
                    Terminal.progress("\(file): \(detail) · \(decimal(Double(bytes) / 1e6, places: 1)) MB")
                }
            },
            onFile: { outcome in
                Terminal.clearProgress()
                started = .now
                report(outcome)
            })
        if json { try Terminal.json(summary.totals) }
        if summary.failed { throw ExitCode(1) }
        if summary.rejected { throw ExitCode(3) }
    }

    /// The size of a regular file (not standard input or a pipe), for the progress bar.
    static func size(of file: String) -> Int64? {
        guard file != "-", let size = Platform.regularFileSize(file), size > 0 else { return nil }
        return size
    }

    private func report(_ outcome: IngestService.FileOutcome) {
        guard let result = outcome.result else {
            Terminal.message("solusi: \(outcome.error.map(\.description) ?? outcome.file)")
            return
        }
        let c = result.counts
        if c.rejected > Self.rejectLinesShown {
            Terminal.warning(
                "\(outcome.file): \(c.rejected - Self.rejectLinesShown) penolakan lain tidak ditampilkan; lihat `solusi rejects`."
            )
        }
        Terminal.message(
            "\(outcome.file): \(c.read) dibaca, \(c.inserted) baru, \(c.updated) diperbarui, \(c.unchanged) tidak berubah, \(c.rejected) ditolak (sumber: \(source ?? result.dialect.rawValue))"
        )
        if c.read == 0 { Terminal.warning("\(outcome.file): tidak ada rekaman tiket di berkas ini.") }
        if result.ambiguousDates > 0 {
            Terminal.message(
                "\(outcome.file): \(result.ambiguousDates) tiket tidak disimpan karena tanggalnya bisa dibaca hari/bulan atau bulan/hari (mis. 01/02/2024) dan tidak ada tanggal di berkas ini yang memastikannya. Ulangi dengan --date-order dmy (hari dulu, kebiasaan Indonesia) atau --date-order mdy."
            )
        }
        if let line = result.windows1252FromLine {
            Terminal.message(
                "\(outcome.file):\(line): berkas ini bukan UTF-8; dibaca sebagai Windows-1252 (\"ANSI\", CSV Excel di Windows). Bila hurufnya salah, ulangi dengan --encoding utf-8 atau --encoding windows-1252."
            )
        }
    }
}
