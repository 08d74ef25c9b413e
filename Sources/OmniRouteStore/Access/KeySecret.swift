import Crypto
import Foundation

/// The secret of an API key: `omr_` and 43 characters of base64url, 256 random bits.
/// The store keeps only its SHA-256, and its first 12 characters (`prefix`) to find
/// that digest and to name the key in logs and lists without revealing it.
public enum KeySecret {
    static let scheme = "omr_"
    /// Characters of the secret kept in clear: `omr_` and 8 of its random part.
    static let prefixLength = 12
    static let length = scheme.count + 43

    /// A new secret from the system's cryptographic random source.
    static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return scheme + text
    }

    /// The part of `secret` kept in clear, or nil when it is not shaped like a secret.
    public static func prefix(of secret: String) -> String? {
        // Runs on every request: bytes, no character sets.
        let bytes = secret.utf8
        guard bytes.count == length, secret.hasPrefix(scheme),
            bytes.dropFirst(scheme.utf8.count).allSatisfy({ b in
                (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x2d
                    || b == 0x5f
            })
        else { return nil }
        return String(secret.prefix(prefixLength))
    }

    /// SHA-256 of the secret, in lowercase hex.
    static func digest(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the SHA-256 of `secret` is `digest` (32 bytes), compared in time that does not
    /// depend on where they differ. Runs on every request: no hex, no copies of the secret.
    static func matches(_ secret: String, digest: [UInt8]) -> Bool {
        var secret = secret
        let hash = secret.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        guard digest.count == SHA256.byteCount else { return false }
        var difference: UInt8 = 0
        for (i, byte) in hash.enumerated() { difference |= byte ^ digest[i] }
        return difference == 0
    }

    /// The bytes of a digest written as 64 hex digits, or nil.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == SHA256.byteCount * 2 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(SHA256.byteCount)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
