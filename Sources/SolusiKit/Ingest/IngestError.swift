/// A failure that stops the ingest of a whole file; nothing of that file is stored.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    case unrecognizedFormat(file: String, reason: String)
    case missingColumns(file: String, missing: [String], header: [String])
    case invalidMapping(String)
    case unknownMappedColumn(file: String, field: String, column: String, header: [String])

    /// The message, in Bahasa Indonesia.
    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            return "\(file): berkas tidak dapat dibuka (\(reason))."
        case .readFailed(let file, let reason):
            return
                "\(file): gagal membaca berkas (\(reason)). Tiket yang sudah tersimpan tetap utuh; jalankan ulang perintah yang sama untuk melanjutkan."
        case .unrecognizedFormat(let file, let reason):
            return
                "\(file): format berkas tidak dikenali: \(reason). Pilih format dengan --format csv|jsonl|zendesk|freshdesk."
        case .missingColumns(let file, let missing, let header):
            let list = missing.joined(separator: ", ")
            let columns = header.prefix(30).map { "\"\($0)\"" }.joined(separator: ", ")
            let example =
                missing.first { $0.hasPrefix("description") }.map { _ in
                    "--map description=\"Isi Pengaduan\" (bila berkas hanya punya judul: --map description=\"<kolom judul>\")"
                } ?? "--map id=\"Nomor Tiket\""
            return
                "\(file):1: kolom wajib tidak ditemukan: \(list). Kolom yang ada: \(columns). Petakan dengan --map, mis. \(example)."
        case .unknownMappedColumn(let file, let field, let column, let header):
            let columns = header.prefix(30).map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(file):1: --map \(field)=\(column): kolom \"\(column)\" tidak ada. Kolom yang ada: \(columns)."
        case .invalidMapping(let text):
            return
                "--map \(text): gunakan bentuk field=Kolom dengan field salah satu dari \(TicketField.allCases.map(\.rawValue).joined(separator: ", "))."
        }
    }
}
