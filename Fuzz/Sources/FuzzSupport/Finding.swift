/// Stops the process on a real inconsistency: libFuzzer sees the trap and keeps the input
/// as a crash artifact. Thrown errors are expected outcomes and never reach here.
public func finding(_ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("fuzz finding: \(message())", file: file, line: line)
}
