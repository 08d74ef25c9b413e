import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on `<database>.lock`, held while a store is open for
/// writing. Two processes serving one database would each keep their own stock book
/// and could sell the same units twice; the second one is refused instead. The lock
/// goes with the process, however it ends.
final class StoreLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock of the database at `path`, or says which process holds it.
    init(database path: String) throws(StoreError) {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .database("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw .conflict(
                "\(path) is open in another process\(holder.isEmpty ? "" : " (pid \(holder))"), a running "
                    + "`omniroute serve` perhaps: use its API, or stop it first")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
