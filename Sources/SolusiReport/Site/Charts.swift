import SolusiKit

/// Charts drawn as inline SVG: readable without JavaScript, printable, and described for screen
/// readers (a title and a description naming what the chart shows and its extremes).
enum Chart {
    /// One series of a daily chart: its name (the legend's) and counts per day.
    struct Layer {
        var name: String
        var series: [(day: Day, count: Int)]
    }

    /// A day to mark on a daily chart (a solution published), numbered in the chart and told in
    /// the legend.
    struct Mark {
        var day: Day
        var text: String
    }

    /// Colours told apart with colour-vision deficiencies (Okabe and Ito), in order; the last
    /// layer given as "unknown" is grey.
    static let palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#332288", "#882255"]
    static let grey = "#8c8c8c"

    /// Tickets per day, one layer per group stacked in its own colour (bars up to two months,
    /// areas beyond), with a legend, round y ticks, dates along the bottom and numbered marks on
    /// the days a solution came out. `greyLast` draws the last layer grey (the unknown tickets).
    static func daily(
        _ layers: [Layer], marks: [Mark] = [], greyLast: Bool = false, id: String, title: String
    ) -> HTML {
        let days = layers.first?.series.map(\.day) ?? []
        let totals = days.indices.map { index in layers.reduce(0) { $0 + $1.series[index].count } }
        let ticks = Self.ticks(Swift.max(totals.max() ?? 1, 1))
        let width = 720.0
        let height = 250.0
        // The y values stand in a gutter of their own, left of the plot: a bar never covers them.
        let gutter = Double(ticks.map { formatCount($0).count }.max() ?? 1) * 7.5 + 6
        let left = 8.0 + gutter
        let right = 8.0
        let top = 30.0
        let bottom = 34.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let total = totals.reduce(0, +)
        let colours = layers.indices.map { index in
            greyLast && index == layers.count - 1 ? grey : palette[index % palette.count]
        }
        let description: String
        if let peak = totals.indices.max(by: { totals[$0] < totals[$1] }), total > 0, let first = days.first,
            let last = days.last
        {
            description =
                "\(formatCount(total)) tiket dari \(first.text) sampai \(last.text); terbanyak \(formatCount(totals[peak])) pada \(days[peak].text)."
        } else {
            description = "Belum ada tiket pada periode ini."
        }
        var svg: HTML = """
            <figure class="chart-figure">
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(title)</title>
            <desc id="\(id)-desc">\(description)</desc>

            """
        guard total > 0, !days.isEmpty else {
            svg +=
                "<text class=\"empty\" x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">Belum ada tiket</text>\n"
            return svg + "</svg>\n</figure>\n"
        }
        let maximum = ticks.last ?? 1
        func y(_ count: Int) -> Double { top + plotHeight - plotHeight * Double(count) / Double(maximum) }
        // Gridlines, each value right-aligned in the gutter beside its line.
        for tick in ticks {
            svg +=
                "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(format(left))\" y1=\"\(format(y(tick)))\" x2=\"\(format(width - right))\" y2=\"\(format(y(tick)))\"/>\n"
            svg +=
                "<text class=\"tick y\" x=\"\(format(left - 4))\" y=\"\(format(y(tick) + 4))\" text-anchor=\"end\">\(formatCount(tick))</text>\n"
        }
        let step = plotWidth / Double(days.count)
        func x(_ index: Int) -> Double { left + step * Double(index) }
        if days.count <= 62 {
            for index in days.indices where totals[index] > 0 {
                var base = 0
                for (layer, colour) in zip(layers, colours) where layer.series[index].count > 0 {
                    let count = layer.series[index].count
                    svg +=
                        "<rect x=\"\(format(x(index) + step * 0.1))\" y=\"\(format(y(base + count)))\" width=\"\(format(max(step * 0.8, 1)))\" height=\"\(format(y(base) - y(base + count)))\" fill=\"\(colour)\"><title>\(days[index].text) · \(layer.name): \(formatCount(count))</title></rect>\n"
                    base += count
                }
            }
        } else {
            var below = [Int](repeating: 0, count: days.count)
            for (layer, colour) in zip(layers, colours) {
                let above = zip(below, layer.series).map { $0 + $1.count }
                var path = ""
                for index in days.indices {
                    path += "\(index == 0 ? "M" : " L")\(format(x(index) + step / 2)),\(format(y(above[index])))"
                }
                for index in days.indices.reversed() {
                    path += " L\(format(x(index) + step / 2)),\(format(y(below[index])))"
                }
                svg +=
                    "<path d=\"\(path) Z\" fill=\"\(colour)\" stroke=\"#fff\" stroke-width=\"0.5\"><title>\(layer.name)</title></path>\n"
                below = above
            }
        }
        // Four dates at most, evenly spread (room for them on a phone too); the first with its year.
        let labels = days.count <= 4 ? Array(days.indices) : (0..<4).map { $0 * (days.count - 1) / 3 }
        for (position, index) in labels.enumerated() {
            let anchor = position == 0 ? "start" : position == labels.count - 1 && labels.count > 1 ? "end" : "middle"
            let at = anchor == "start" ? x(index) : anchor == "end" ? x(index) + step : x(index) + step / 2
            svg +=
                "<text class=\"tick\" x=\"\(format(at))\" y=\"\(format(height - 10))\" text-anchor=\"\(anchor)\">\(shortDate(days[index], withYear: position == 0))</text>\n"
        }
        // One mark per day; what happened that day told together.
        var shown: [Mark] = []
        for mark in marks where days.contains(mark.day) {
            if let index = shown.firstIndex(where: { $0.day == mark.day }) {
                shown[index].text += "; " + mark.text
            } else {
                shown.append(mark)
            }
        }
        for (number, mark) in shown.enumerated() {
            guard let index = days.firstIndex(of: mark.day) else { continue }
            let at = x(index) + step / 2
            svg += """
                <line class="mark" x1="\(format(at))" y1="\(format(top))" x2="\(format(at))" y2="\(format(top + plotHeight))"><title>\(mark.day.text): \(mark.text)</title></line>
                <text class="mark-label" x="\(format(at + 3))" y="\(format(top + 10))">\(number + 1)</text>

                """
        }
        svg += "</svg>\n<figcaption><ul class=\"legend\">\n"
        if layers.count > 1 {
            for (layer, colour) in zip(layers, colours) {
                svg +=
                    "<li><span class=\"swatch\" style=\"background: \(colour)\"></span>\(layer.name) (\(formatCount(layer.series.reduce(0) { $0 + $1.count })))</li>\n"
            }
        }
        for (number, mark) in shown.enumerated() {
            svg += "<li><span class=\"mark-key\">\(number + 1)</span>\(mark.day.text): \(mark.text)</li>\n"
        }
        return svg + "</ul></figcaption>\n</figure>\n"
    }

    /// Gridline values: 0 and up to five round steps (1, 2 or 5 times a power of ten) reaching
    /// at least `peak`.
    static func ticks(_ peak: Int) -> [Int] {
        let peak = max(peak, 1)
        var power = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * power
                let count = (peak + step - 1) / step
                if count <= 5 { return (0...count).map { $0 * step } }
            }
            power *= 10
        }
    }

    /// "11 Jul", or "11 Jul 2024".
    static func shortDate(_ day: Day, withYear: Bool) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
        let parts = day.text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day.text }
        return "\(parts[2]) \(months[parts[1] - 1])" + (withYear ? " \(parts[0])" : "")
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

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
