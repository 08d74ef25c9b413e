import Foundation

/// Small inline SVG charts for the HTML reports: plain markup, no script, well-formed XML.
enum SVGChart {
    /// Escapes text for XML content and attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// Horizontal bars, one per row, with the value's text at the end of each bar.
    static func bars(
        id: String, title: String, rows: [(label: String, value: Double, text: String)], highlight: Int? = nil
    ) -> String {
        let labelWidth = 170.0
        let barWidth = 380.0
        let rowHeight = 22.0
        let top = 28.0
        let width = labelWidth + barWidth + 110
        let height = top + rowHeight * Double(rows.count) + 8
        let maxValue = max(rows.map { abs($0.value) }.max() ?? 0, 1e-12)
        var s = open(id: id, title: title, width: width, height: height)
        for (i, row) in rows.enumerated() {
            let y = top + rowHeight * Double(i)
            let w = max(0, row.value) / maxValue * barWidth
            let color = i == highlight ? palette[1] : palette[0]
            s += "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 15))\" text-anchor=\"end\">\(escape(row.label))</text>"
            s +=
                "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 6))\" "
                + "fill=\"\(color)\"><title>\(escape(row.label)): \(escape(row.text))</title></rect>"
            s += "<text x=\"\(n(labelWidth + w + 4))\" y=\"\(n(y + 15))\">\(escape(row.text))</text>"
        }
        return s + "</svg>"
    }

    /// Stacked horizontal bars: one bar per row, one segment per series; `normalise`
    /// makes each bar 100 %. A legend sits under the bars.
    static func stacked(
        id: String, title: String, series: [String], rows: [(label: String, values: [Double], text: String)],
        normalise: Bool
    ) -> String {
        let labelWidth = 170.0
        let barWidth = 420.0
        let rowHeight = 24.0
        let top = 28.0
        let legendRows = Double((series.count + 3) / 4)
        let width = labelWidth + barWidth + 110
        let height = top + rowHeight * Double(rows.count) + 10 + legendRows * 18
        let maxTotal = max(rows.map { $0.values.reduce(0, +) }.max() ?? 0, 1e-12)
        var s = open(id: id, title: title, width: width, height: height)
        for (i, row) in rows.enumerated() {
            let y = top + rowHeight * Double(i)
            let total = row.values.reduce(0, +)
            let scale = normalise ? (total == 0 ? 0 : barWidth / total) : barWidth / maxTotal
            var x = labelWidth
            s += "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 16))\" text-anchor=\"end\">\(escape(row.label))</text>"
            for (k, v) in row.values.enumerated() where v > 0 {
                let w = v * scale
                let share = total == 0 ? 0 : v / total * 100
                s +=
                    "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 6))\" "
                    + "fill=\"\(palette[k % palette.count])\"><title>"
                    + "\(escape(row.label)), \(escape(series[k])): \(String(format: "%.2f", v)) "
                    + "(\(String(format: "%.1f", share))%)</title></rect>"
                x += w
            }
            s += "<text x=\"\(n(x + 4))\" y=\"\(n(y + 16))\">\(escape(row.text))</text>"
        }
        let legendTop = top + rowHeight * Double(rows.count) + 10
        for (k, name) in series.enumerated() {
            let x = 8 + Double(k % 4) * 170
            let y = legendTop + Double(k / 4) * 18
            s += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"12\" height=\"12\" fill=\"\(palette[k % palette.count])\"/>"
            s += "<text x=\"\(n(x + 16))\" y=\"\(n(y + 10))\">\(escape(name))</text>"
        }
        return s + "</svg>"
    }

    /// A map: points projected from lat/lon (equirectangular, scaled by the cosine of the
    /// middle latitude), flows as lines weighted by units, nodes as marks sized by units.
    struct MapNode {
        var id: String
        var lat: Double, lon: Double
        var isWarehouse: Bool
        var units: Int
        var closed: Bool
    }

    struct MapFlow {
        var fromLat: Double, fromLon: Double, toLat: Double, toLon: Double
        var units: Int
        var series: Int
    }

    static func map(id: String, title: String, nodes: [MapNode], flows: [MapFlow], series: [String]) -> String {
        let width = 660.0
        let height = 460.0
        let pad = 24.0
        let top = 28.0
        let legend = 22.0
        let lats = nodes.map(\.lat) + flows.flatMap { [$0.fromLat, $0.toLat] }
        let lons = nodes.map(\.lon) + flows.flatMap { [$0.fromLon, $0.toLon] }
        let minLat = lats.min() ?? 0
        let maxLat = lats.max() ?? 1
        let minLon = lons.min() ?? 0
        let maxLon = lons.max() ?? 1
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max((maxLon - minLon) * k, 1e-6)
        let spanY = max(maxLat - minLat, 1e-6)
        let scale = min((width - 2 * pad) / spanX, (height - top - legend - 2 * pad) / spanY)
        func x(_ lon: Double) -> Double { pad + (lon - minLon) * k * scale }
        func y(_ lat: Double) -> Double { top + pad + (maxLat - lat) * scale }
        var s = open(id: id, title: title, width: width, height: height)
        s +=
            "<rect x=\"0\" y=\"\(n(top))\" width=\"\(n(width))\" "
            + "height=\"\(n(height - top - legend))\" fill=\"#f7f7f4\"/>"
        let maxUnits = Double(max(flows.map(\.units).max() ?? 1, 1))
        for f in flows.sorted(by: { $0.units < $1.units }) {
            let w = 0.4 + 3.6 * (Double(f.units) / maxUnits).squareRoot()
            s +=
                "<line x1=\"\(n(x(f.fromLon)))\" y1=\"\(n(y(f.fromLat)))\" "
                + "x2=\"\(n(x(f.toLon)))\" y2=\"\(n(y(f.toLat)))\" "
                + "stroke=\"\(palette[f.series % palette.count])\" stroke-width=\"\(n(w))\" stroke-opacity=\"0.45\"/>"
        }
        let maxNodeUnits = Double(max(nodes.map(\.units).max() ?? 1, 1))
        for node in nodes {
            let r = 2.5 + 6 * (Double(node.units) / maxNodeUnits).squareRoot()
            let fill = node.closed ? "#bbbbbb" : node.units == 0 ? "#ffffff" : "#333333"
            let tip = "<title>\(escape(node.id)): \(node.units) units\(node.closed ? " (closed)" : "")</title>"
            if node.isWarehouse {
                s +=
                    "<rect x=\"\(n(x(node.lon) - r - 1))\" y=\"\(n(y(node.lat) - r - 1))\" "
                    + "width=\"\(n(2 * r + 2))\" height=\"\(n(2 * r + 2))\" "
                    + "fill=\"\(fill)\" stroke=\"#000\" stroke-width=\"1\">\(tip)</rect>"
            } else {
                s +=
                    "<circle cx=\"\(n(x(node.lon)))\" cy=\"\(n(y(node.lat)))\" r=\"\(n(r))\" fill=\"\(fill)\" "
                    + "stroke=\"#000\" stroke-width=\"0.6\">\(tip)</circle>"
            }
        }
        for (k, name) in series.enumerated() {
            let lx = 8 + Double(k) * 128
            s +=
                "<line x1=\"\(n(lx))\" y1=\"\(n(height - 9))\" x2=\"\(n(lx + 14))\" y2=\"\(n(height - 9))\" "
                + "stroke=\"\(palette[k % palette.count])\" stroke-width=\"3\"/>"
            s += "<text x=\"\(n(lx + 18))\" y=\"\(n(height - 5))\" font-size=\"10\">\(escape(name))</text>"
        }
        return s + "</svg>"
    }

    private static func open(id: String, title: String, width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(escape(id))\" class=\"chart\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "role=\"img\" aria-label=\"\(escape(title))\">"
            + "<text x=\"6\" y=\"18\" class=\"title\">\(escape(title))</text>"
    }
}
