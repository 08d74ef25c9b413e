import Foundation
import OmniRouteModel

/// Writes a `Document` as JSON text. Reals are written in their shortest form that
/// reads back to the same value once rounded to 15 significant digits, the precision
/// a double always keeps: the noise of binary floating point is dropped (a price
/// summed to `7.313000000000001` is written `7.313`), and no value moves by more than
/// one part in 10¹⁵.
public enum JSONWriter {
    /// - Parameter pretty: indent nested objects and lists (one element per line).
    public static func write(_ document: Document, pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        emit(document, into: &out, indent: pretty ? 0 : nil)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent))
    }

    private static func emit(_ d: Document, into out: inout [UInt8], indent: Int?) {
        switch d {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let x):
            // The model never produces a non-finite number; JSON has none.
            out.append(contentsOf: (x.isFinite ? real(x) : "null").utf8)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            if items.isEmpty {
                out.append(UInt8(ascii: "]"))
                return
            }
            // Lists of scalars and small objects stay on one line.
            let inline = indent == nil || items.allSatisfy(\.isCompact)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(contentsOf: inline && indent != nil ? ", ".utf8 : ",".utf8) }
                if !inline { newline(&out, indent.map { $0 + 2 }) }
                emit(item, into: &out, indent: inline ? nil : indent.map { $0 + 2 })
            }
            if !inline { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            if pairs.isEmpty {
                out.append(UInt8(ascii: "}"))
                return
            }
            for (k, pair) in pairs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent.map { $0 + 2 })
                string(pair.key, into: &out)
                out.append(contentsOf: indent == nil ? ":".utf8 : ": ".utf8)
                emit(pair.value, into: &out, indent: indent.map { $0 + 2 })
            }
            newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `x` in the shortest form of its value rounded to 15 significant digits.
    static func real(_ x: Double) -> String {
        let shortest = String(x)
        guard significantDigits(shortest) > 15 else { return shortest }
        guard let rounded = Double(String(format: "%.15g", x)), rounded.isFinite else { return shortest }
        return String(rounded)
    }

    /// The significant digits of a number as Swift writes it (`-0.0012e-5` has 2).
    private static func significantDigits(_ text: String) -> Int {
        let mantissa = text.utf8.prefix { $0 != UInt8(ascii: "e") }
        let digits = mantissa.filter { (48...57).contains($0) }.drop { $0 == 48 }
        return digits.reversed().drop { $0 == 48 }.count
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Document {
    /// A scalar, or a list or object of scalars only.
    var isCompact: Bool {
        switch self {
        case .array(let items): items.allSatisfy(\.isScalar)
        case .object(let pairs): pairs.count <= 6 && pairs.allSatisfy { $0.value.isScalar }
        default: true
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
