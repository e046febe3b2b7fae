import Foundation
import Kaohe

/// The column builders of chunks already joined, handed to the chunks typed next.
///
/// A province's projects are typed in some seventy chunks of 4 MB, each into builders of its
/// own, whose arrays (a few megabytes a chunk) the join then copies into the file's columns.
/// Made anew for every chunk, those arrays were fresh memory each time: the kernel zeroed their
/// pages, or looked them up to make them resident, a tenth of the load's memory work. Given
/// back once joined, emptied and typed into again, their pages are resident already. The
/// builders of a file's first two blocks are made (the second block is typed while the first
/// is joined); the later blocks' chunks take theirs from here.
final class ChunkBuilderPool: @unchecked Sendable {
    private let lock = NSLock()
    /// By column, the builders given back.
    private var columns: [[ColumnBuilder]]

    init(columns: Int) {
        self.columns = Array(repeating: [], count: columns)
    }

    /// One builder for each column, emptied, with room for `capacity` cells; nil when some
    /// column has none to give (the caller makes new ones).
    func take(capacity: Int) -> [ColumnBuilder]? {
        lock.lock()
        guard !columns.isEmpty, columns.allSatisfy({ !$0.isEmpty }) else {
            lock.unlock()
            return nil
        }
        var taken: [ColumnBuilder] = []
        taken.reserveCapacity(columns.count)
        for c in columns.indices {
            if let b = columns[c].popLast() { taken.append(b) }
        }
        lock.unlock()
        // (Emptied here, on the chunk's core, outside the lock.)
        for c in taken.indices { taken[c].reset(capacity: capacity) }
        return taken
    }

    /// Takes back column `column`'s builder of a joined chunk.
    func give(_ builder: consuming ColumnBuilder, column: Int) {
        lock.lock()
        defer { lock.unlock() }
        if columns.indices.contains(column) { columns[column].append(builder) }
    }
}
