import SolusiKit

/// Charts drawn as inline SVG: readable without JavaScript, printable, and described for screen
/// readers (a title and a description naming what the chart shows and its extremes).
enum Chart {
    /// Tickets per day: bars up to two months, an area beyond.
    static func daily(_ series: [(day: Day, count: Int)], id: String, title: String) -> HTML {
        let width = 720.0
        let height = 220.0
        let left = 44.0
        let right = 12.0
        let top = 12.0
        let bottom = 34.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let total = series.reduce(0) { $0 + $1.count }
        let peak = series.max { $0.count < $1.count }
        let description: String
        if let peak, total > 0, let first = series.first, let last = series.last {
            description =
                "\(formatCount(total)) tiket dari \(first.day.text) sampai \(last.day.text); terbanyak \(formatCount(peak.count)) pada \(peak.day.text)."
        } else {
            description = "Belum ada tiket pada periode ini."
        }
        var svg: HTML = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(title)</title>
            <desc id="\(id)-desc">\(description)</desc>
            <line class="axis" x1="\(left)" y1="\(top + plotHeight)" x2="\(width - right)" y2="\(top + plotHeight)"/>

            """
        guard total > 0, let first = series.first, let last = series.last else {
            svg +=
                "<text class=\"empty\" x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">Belum ada tiket</text>\n"
            return svg + "</svg>\n"
        }
        let maximum = niceMaximum(peak!.count)
        func y(_ count: Int) -> Double { top + plotHeight - plotHeight * Double(count) / Double(maximum) }
        svg +=
            "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(y(maximum) + 4)\" text-anchor=\"end\">\(formatCount(maximum))</text>\n"
        svg +=
            "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y(maximum))\" x2=\"\(width - right)\" y2=\"\(y(maximum))\"/>\n"
        svg += "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(top + plotHeight + 4)\" text-anchor=\"end\">0</text>\n"
        let step = plotWidth / Double(series.count)
        if series.count <= 62 {
            for (index, point) in series.enumerated() where point.count > 0 {
                let x = left + step * Double(index) + step * 0.1
                let barHeight = top + plotHeight - y(point.count)
                svg +=
                    "<rect class=\"bar\" x=\"\(format(x))\" y=\"\(format(y(point.count)))\" width=\"\(format(max(step * 0.8, 1)))\" height=\"\(format(barHeight))\"><title>\(point.day.text): \(formatCount(point.count))</title></rect>\n"
            }
        } else {
            var path = "M\(format(left)),\(format(top + plotHeight))"
            for (index, point) in series.enumerated() {
                path += " L\(format(left + step * (Double(index) + 0.5))),\(format(y(point.count)))"
            }
            path += " L\(format(left + plotWidth)),\(format(top + plotHeight)) Z"
            svg += "<path class=\"area\" d=\"\(path)\"/>\n"
        }
        svg += "<text class=\"tick\" x=\"\(left)\" y=\"\(height - 10)\">\(first.day.text)</text>\n"
        if series.count > 1 {
            svg +=
                "<text class=\"tick\" x=\"\(width - right)\" y=\"\(height - 10)\" text-anchor=\"end\">\(last.day.text)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A small trend line for a table cell.
    static func sparkline(_ series: [(day: Day, count: Int)], label: String) -> HTML {
        let width = 120.0
        let height = 28.0
        let peak = max(series.map(\.count).max() ?? 0, 1)
        let step = series.count > 1 ? width / Double(series.count - 1) : 0
        let points = series.enumerated().map { index, point in
            "\(format(series.count > 1 ? step * Double(index) : width / 2)),\(format(height - 2 - (height - 4) * Double(point.count) / Double(peak)))"
        }
        let shape: HTML =
            series.count > 1
            ? "<polyline class=\"spark\" points=\"\(points.joined(separator: " "))\"/>"
            : "<circle class=\"spark-dot\" cx=\"\(format(width / 2))\" cy=\"\(String(points.first?.split(separator: ",").last ?? "14"))\" r=\"2\"/>"
        return """
            <svg class="sparkline" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-label="\(label)" xmlns="http://www.w3.org/2000/svg"><title>\(label)</title>\(shape)</svg>
            """
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceMaximum(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var power = 1
        while power * 10 < value { power *= 10 }
        for factor in [1, 2, 5, 10] where factor * power >= value { return factor * power }
        return 10 * power
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
