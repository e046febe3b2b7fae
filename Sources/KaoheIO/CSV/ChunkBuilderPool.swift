import Foundation
import Kaohe

/// The column builders of chunks already joined, handed to the chunks typed next.
///
/// A province's projects are typed in some seventy chunks of 4 MB, each into builders of its
/// own, whose arrays (a few megabytes a chunk) the join then copies into the file's columns.
/// Made anew for every chunk, those arrays were fresh memory each time: the kernel zeroed their
/// pages, or looked them up to make them resident: a quarter of the load's page work in one
/// profile, and 104 of the 438 MB a province score made resident. Given
/// back once joined, emptied and typed into again, their pages are resident already. The
/// builders of a file's first two blocks are made (the second block is typed while the first
/// is joined); the later blocks' chunks take theirs from here, column by column. At most a
/// block's builders are kept per column: taken all or nothing, with the surplus kept to the
/// end, the peak of `kaohe check` on a province's projects rose by 20–40 MB; now it is as
/// before (566–581 MB against 563–578), and `kaohe score`'s too.
final class ChunkBuilderPool: @unchecked Sendable {
    private let lock = NSLock()
    /// By column, the builders given back.
    private var columns: [[ColumnBuilder]]
    /// The most kept for one column: a block's chunks (more would only be held, not typed into,
    /// while the next block's chunks take what they need).
    static let limit = 8

    init(columns: Int) {
        self.columns = Array(repeating: [], count: columns)
    }

    /// One builder for each column, with room for `capacity` cells: a builder given back,
    /// emptied, where the column has one, else `make(column)`. (Column by column: the joiner
    /// gives a chunk's builders back a column at a time, on all cores.)
    func take(capacity: Int, make: (Int) -> ColumnBuilder) -> [ColumnBuilder] {
        lock.lock()
        var taken: [ColumnBuilder?] = []
        taken.reserveCapacity(columns.count)
        for c in columns.indices { taken.append(columns[c].popLast()) }
        lock.unlock()
        // (Emptied here, on the chunk's core, outside the lock.)
        return taken.indices.map { c in
            guard var b = taken[c] else { return make(c) }
            taken[c] = nil   // (so that `b` is the only reference to its arrays)
            b.reset(capacity: capacity)
            return b
        }
    }

    /// Takes back column `column`'s builder of a joined chunk (let go when the column has
    /// ``limit`` already).
    func give(_ builder: consuming ColumnBuilder, column: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard columns.indices.contains(column), columns[column].count < Self.limit else { return }
        columns[column].append(builder)
    }
}
