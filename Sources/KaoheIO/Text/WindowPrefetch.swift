import Dispatch

/// The next window of a file, mapped on another thread while the current one is typed.
///
/// Mapping a window (``FileWindow``, `MAP_POPULATE`) takes a few milliseconds of one core for
/// 32 MB, and the block reader did it between blocks, when the other core had nothing to do:
/// nine times for a province's projects. The next window's start is known as soon as the
/// current block's last whole record is found, before its records are typed, so it is mapped
/// meanwhile. Only the thread that made it takes it.
final class WindowPrefetch: @unchecked Sendable {
    let offset: Int
    let count: Int
    private let done = DispatchSemaphore(value: 0)
    private var window: FileWindow?
    private var taken = false

    init(fd: Int32, offset: Int, count: Int) {
        self.offset = offset
        self.count = count
        DispatchQueue.global().async { [self] in
            window = FileWindow(fd: fd, offset: offset, count: count)
            done.signal()
        }
    }

    /// The window, once mapped (nil when the system could not map it, or when taken already).
    /// The reader takes every prefetch it made before it returns, so that no mapping of its
    /// file descriptor is still under way when the caller closes it.
    func take() -> FileWindow? {
        guard !taken else { return nil }
        taken = true
        done.wait()
        defer { window = nil }
        return window
    }
}
