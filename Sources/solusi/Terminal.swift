import Foundation
import SolusiKit
import SolusiReport
import Synchronization

/// Where messages and progress go: standard error, with a live progress line only on a terminal.
enum Terminal {
    static let isInteractive = Platform.isTerminal(Platform.standardError)
    static let usesColor = isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// A message line on stderr; control characters (from tickets) are shown, not obeyed.
    static func message(_ text: String) {
        clearProgress()
        FileHandle.standardError.write(Data((terminalSafe(text) + "\n").utf8))
    }

    /// A line on stdout with text from tickets: control characters are shown, not obeyed (and
    /// with `oneLine`, line breaks too, so one ticket stays on one line).
    static func output(_ text: String, oneLine: Bool = false) {
        print(terminalSafe(text, keepingLineBreaks: !oneLine))
    }

    /// The width of the terminal standard output goes to; nil when it is not a terminal (a pipe
    /// gets lines unwrapped).
    static var columns: Int? {
        guard Platform.isTerminal(Platform.standardOutput) else { return nil }
        return Platform.terminalWidth(Platform.standardOutput)
            ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// Text broken into lines of at most `width` characters at spaces (a word longer than a line
    /// stays whole), every line after the first starting with `indent`.
    static func wrap(_ text: String, width: Int?, indent: String) -> String {
        guard let width, width > indent.count + 10 else {
            return text.replacingOccurrences(of: "\n", with: "\n" + indent)
        }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if !line.isEmpty, indent.count + line.count + 1 + word.count > width {
                    lines.append(line)
                    line = String(word)
                } else {
                    line += (line.isEmpty ? "" : " ") + word
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n" + indent)
    }

    /// A warning: the text in yellow when colour is allowed.
    static func warning(_ text: String) {
        let text = terminalSafe(text)
        clearProgress()
        FileHandle.standardError.write(Data(((usesColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text) + "\n").utf8))
    }

    /// Replaces the progress line; does nothing when stderr is not a terminal.
    static func progress(_ text: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        ProgressLine.shown.withLock { $0 = true }
    }

    /// A progress bar on a terminal: `label`, the bar, the percentage and the time left at the
    /// pace so far (once there is a pace to go by), then `detail`.
    static func progress(
        _ label: String, done: Double, of total: Double, since start: ContinuousClock.Instant, detail: String = ""
    ) {
        guard isInteractive, total > 0 else { return }
        let fraction = min(max(done / total, 0), 1)
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = start.duration(to: .now) / .seconds(1)
        var text = "\(label) \(bar) \(Int((fraction * 100).rounded(.down)))%"
        if fraction > 0.01, elapsed > 1 {
            text += " · sisa " + duration(elapsed * (1 - fraction) / fraction)
        }
        progress(detail.isEmpty ? text : text + " · " + detail)
    }

    /// A progress handler for training a model: a bar over its fits.
    static func training() -> (Int, Int) -> Void {
        let started = ContinuousClock.now
        return { done, total in progress("Melatih model", done: Double(done), of: Double(total), since: started) }
    }

    /// A progress handler for reading tickets: a bar when how many will be read is known
    /// (`total`), else a running count.
    static func ticketsRead(_ label: String, total: Int?) -> (Int) -> Void {
        let started = ContinuousClock.now
        return { read in
            if let total {
                progress(
                    label, done: Double(read), of: Double(total), since: started, detail: "\(formatCount(read)) tiket")
            } else {
                progress("\(label): \(formatCount(read)) tiket dibaca")
            }
        }
    }

    /// "8 dtk", "3 mnt", "1 j 5 mnt".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(max(whole, 1)) dtk" }
        if whole < 3600 { return "\((whole + 30) / 60) mnt" }
        return "\(whole / 3600) j \((whole % 3600) / 60) mnt"
    }

    static func clearProgress() {
        guard ProgressLine.shown.withLock({ $0 }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        ProgressLine.shown.withLock { $0 = false }
    }

    /// A value as one line of JSON on stdout (keys sorted; control characters escaped, so no
    /// ticket text can drive a terminal the JSON is printed to).
    static func json(_ value: some Encodable) throws {
        print(try jsonText(value))
    }

    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // The encoder escapes C0 controls; C1 controls (a terminal reads U+009B as CSI) too.
        guard text.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                out += "\\u00" + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Whether a progress line is on screen, to be cleared before the next message.
private enum ProgressLine {
    static let shown = Mutex(false)
}
