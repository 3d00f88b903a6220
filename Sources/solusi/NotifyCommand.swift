import ArgumentParser
import Foundation
import SolusiKit
import SolusiReport

struct Notify: SolusiCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract:
            "Tiket terbuka sebuah isu beserta balasan yang dikirim, sebagai CSV untuk pembaruan massal help desk.",
        discussion: """
            Kolom: ticket_id,requester,reply,article_url,issue_id. Isu sebuah tiket adalah label agen terakhir, bila tidak ada, klasifikasinya; tiket yang sudah ditutup help desk tidak disertakan. Tiket yang ditulis ditandai sudah diberi tahu, jadi jalankan kedua tidak memberi tahu dua kali (kecuali --again). Dalam satu jalankan setiap pengirim ditulis sekali: tiket lainnya tentang isu ini (mis. permintaan yang dikirim ulang) ikut ditandai tanpa baris sendiri. Hanya isu yang statusnya punya solusi (workaround atau solved) yang dapat diberitahukan.

            Aturan pengiriman massal: hanya tiket yang dikonfirmasi agen (dilabeli isu ini) atau yang keyakinan pengklasifikasinya paling sedikit \(Int(NotificationService.sureConfidence * 100))% yang ditulis ke --out. Keyakinannya terkalibrasi: pada set uji, kurang dari 1% jawaban dengan keyakinan setinggi itu yang salah. Tiket lain isu ini hanya dihitung, atau ditulis ke --review bila diberikan, dan tidak ditandai; setelah agen mengonfirmasinya (`solusi triage --issue ISU`), tiket itu ikut dikirim pada jalankan berikutnya.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Isu dikenal.", completion: Completions.issueIDs()) var issue: String
    @Option(help: "Berkas CSV yang ditulis (- untuk keluaran standar).") var out: String
    @Option(help: "Berkas CSV untuk tiket yang perlu ditinjau agen dulu (kolom yang sama; tidak ditandai).")
    var review: String?
    @Flag(help: "Timpa --out (dan --review) bila sudah ada.") var force = false
    @Flag(help: "Sertakan tiket yang sudah diberi tahu sebelumnya.") var again = false

    func validate() throws {
        if let review, review == out {
            throw ValidationError("--review harus berkas lain dari --out (keduanya \(out)).")
        }
    }

    func execute() async throws {
        let knowledgeBase = try global.workspace.readingKnowledgeBase(warn: Terminal.warning)
        // Refused before the file is opened: nothing is left behind for an issue that cannot be notified.
        _ = try NotificationService.issueToNotify(issue, in: knowledgeBase)
        let service = try NotificationService(global.workspace, knowledgeBase: knowledgeBase)
        let writer = try NotificationWriter(sink: ByteSink(path: out, replacing: force))
        let reviewWriter = try review.map { try NotificationWriter(sink: ByteSink(path: $0, replacing: force)) }
        let result = try service.notify(issue: issue, again: again, file: out, output: writer, review: reviewWriter)
        Terminal.message(
            result.written == 0
                ? "Tidak ada tiket terbuka yang perlu diberi tahu tentang \"\(result.title)\"\(again ? "" : " (yang belum diberi tahu)")."
                : "\(result.written) tiket terbuka ditulis ke \(out) dan ditandai sudah diberi tahu.")
        if result.sameRequester > 0 {
            Terminal.message(
                "\(result.sameRequester) tiket lain dari pengirim yang sama tidak ditulis lagi (satu balasan per pengirim) dan ikut ditandai sudah diberi tahu."
            )
        }
        if result.toReview > 0 {
            let sure = Int(NotificationService.sureConfidence * 100)
            Terminal.message(
                "\(result.toReview) tiket lain isu ini belum dikonfirmasi agen dan keyakinannya di bawah \(sure)%: "
                    + (review.map { "ditulis ke \($0) untuk ditinjau (tidak ditandai)." }
                        ?? "tidak dikirim; tulis dengan --review BERKAS atau konfirmasi lewat `solusi triage --issue \(issue)`.")
            )
        }
    }
}
