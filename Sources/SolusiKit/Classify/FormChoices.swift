/// The fields of a help-center web form that the writer picks from a list: "Kategori: Verval PTK",
/// "Jenis Layanan: Pengaduan". Writers pick whatever looks closest, so the category is often
/// wrong (a question about a new e-mail address filed under Verval PTK); the classifier reads
/// what the writer wrote, not what they picked, so these lines are left out before classifying.
/// A line is such a field when it is a known label, a colon and a short value (a list's entry);
/// fields the writer fills in ("Judul:", "Deskripsi:", "Kendala:") stay.
enum FormChoices {
    /// Labels of fields chosen from a list, lower case, single spaces.
    static let labels: Set<String> = [
        "kategori", "sub kategori", "subkategori", "kategori masalah", "kategori kendala", "kategori layanan",
        "kategori pertanyaan", "jenis layanan", "layanan", "jenis pengaduan", "jenis laporan", "jenis kendala",
        "topik", "sub topik", "subtopik", "produk", "prioritas", "category", "subcategory",
        "sub category", "topic", "product", "priority", "type", "ticket type",
    ]
    /// The most words a chosen value has; a longer value was written, not picked.
    static let longestValue = 6

    /// The text without its chosen fields' lines; the text itself when it has none (the common
    /// case costs one scan for a colon).
    static func removed(from text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ":")) else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !isChoice($0) }
        return kept.count == lines.count ? text : kept.joined(separator: "\n")
    }

    /// Whether a line is a field chosen from a list: a known label, a colon, a short value.
    static func isChoice(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let label = line[..<colon].split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        guard labels.contains(label) else { return false }
        let value = line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace)
        return value.count <= longestValue
    }
}
