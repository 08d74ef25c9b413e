import Foundation

/// Number formatting and plain-text tables for terminal output.
enum Format {
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func money(_ x: Double) -> String { fixed(x, 2) }
    static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }
    static func seconds(_ s: Double) -> String {
        s < 1e-3 ? fixed(s * 1e6, 0) + " µs" : s < 1 ? fixed(s * 1e3, 1) + " ms" : fixed(s, 2) + " s"
    }

    /// A table with a header row; columns after the first are right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
