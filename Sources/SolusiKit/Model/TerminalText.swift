/// Text from tickets made safe to print on a terminal: control characters are shown, not obeyed.
///
/// An escape sequence in a ticket could otherwise clear the agent's screen, retitle the window or
/// write to the clipboard (OSC 52), and a carriage return or a bidirectional override could hide
/// or reorder what is shown. Line breaks (unless `keepingLineBreaks` is false) and tabs stay.
public func terminalSafe(_ text: String, keepingLineBreaks: Bool = true) -> String {
    // Most text has nothing to replace.
    if !text.unicodeScalars.contains(where: { needsReplacing($0, keepingLineBreaks) }) { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        guard needsReplacing(scalar, keepingLineBreaks) else {
            out.append(scalar)
            continue
        }
        switch scalar.value {
        // C0 controls as their Control Pictures (␛ for ESC, ␍ for CR, ␊ for a line break).
        case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: out.append("\u{2421}")
        default: out.append("\u{FFFD}")  // C1 controls and bidirectional overrides
        }
    }
    return String(out)
}

private func needsReplacing(_ scalar: Unicode.Scalar, _ keepingLineBreaks: Bool) -> Bool {
    switch scalar.value {
    case 0x0A: return !keepingLineBreaks
    case 0x09: return false
    case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
