import Foundation
import SolusiKit

/// How `solusi eval` prints an evaluation.
enum EvaluationReport {
    static func text(_ evaluation: Evaluation) -> String {
        var lines = [
            "Tiket dinilai: \(evaluation.truth.count)",
            "Akurasi:       \(percent(evaluation.accuracy))",
            "Macro-F1:      \(decimal(evaluation.macroF1, places: 3))",
            "ECE:           \(evaluation.expectedCalibrationError.map { decimal($0, places: 3) } ?? "-")"
                + " (galat kalibrasi; 0 = keyakinan sama dengan ketepatan)",
            "Salah padahal yakin ≥ 95%: \(evaluation.confidentlyWrongShare().map(percent) ?? "-") dari semua tiket",
            "",
            "Kelas                               Presisi  Recall   F1     Jumlah",
        ]
        for score in evaluation.perClass {
            lines.append(
                score.label.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + [score.precision, score.recall, score.f1].map { decimal($0, places: 3) }.joined(separator: "    ")
                    + "  \(score.support)"
            )
        }
        lines += ["", "Matriks kebingungan (baris: label benar, kolom: tebakan):"]
        let short = evaluation.labels.map { String($0.prefix(10)) }
        lines.append(
            String(repeating: " ", count: 12)
                + short.map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        for (label, row) in zip(short, evaluation.confusion) {
            lines.append(
                label.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + row.map { String($0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        }
        lines += ["", "Kalibrasi (keyakinan → ketepatan):"]
        for bucket in evaluation.calibration {
            lines.append(
                "  \(bucket.range): \(bucket.count) tiket, rata-rata keyakinan \(percent(bucket.meanConfidence)), tepat \(percent(bucket.accuracy))"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { decimal(value * 100, places: 1) + "%" }
}
