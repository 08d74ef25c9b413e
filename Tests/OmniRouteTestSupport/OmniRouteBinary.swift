import Foundation

/// The `omniroute` executable built beside the test bundle.
public enum OmniRouteBinary {
    public static let path: String? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("omniroute")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let debug = root.appendingPathComponent(".build/debug/omniroute").path
        return FileManager.default.isExecutableFile(atPath: debug) ? debug : nil
    }()
}
