import Dispatch
import Kaohe

/// Appends each block's chunk columns to the file's columns on another thread, in block
/// order, while the next block is typed.
///
/// The join copies every cell once; done between blocks, on all cores but one column to a
/// core, it left a core idle while the longest column was copied. Queued instead, it fills
/// the gaps of the next block's typing. The columns are the queue's alone until ``finish()``.
final class ColumnJoiner: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kaohe.csv.join")
    private var columns: [ColumnBuilder]?

    /// Appends `parts` (each column's chunks of one block, in order) to the columns, which
    /// `make` gives for the first block. `expectedCells`: how many cells the file is thought to
    /// hold (see ``ColumnBuilder/append(contentsOf:expectedCells:)``).
    /// The chunks' builders are given back to `pool` once appended.
    func append(_ parts: CSVColumnReader.Parts, count: Int, expectedCells: Int, pool: ChunkBuilderPool? = nil,
                make: @escaping @Sendable () -> [ColumnBuilder]) {
        queue.async { [self] in
            let running = Handout(columns ?? make())
            columns = nil   // (else the box's builders share their arrays, and appending copies them)
            columns = parallelMap(count) { c in
                var parts = parts.take(c)
                guard var column = running.take(c) else { return ColumnBuilder(type: .text, optional: true, capacity: 0) }
                for i in parts.indices { column.append(contentsOf: parts[i], expectedCells: expectedCells) }
                // (Moved out of the array, so that the pool's is the only reference to their arrays.)
                while let p = parts.popLast() { pool?.give(p, column: c) }
                return column
            }
        }
    }

    /// The columns, once every block queued is appended (nil when none was).
    func finish() -> [ColumnBuilder]? {
        queue.sync {
            defer { columns = nil }
            return columns
        }
    }
}
