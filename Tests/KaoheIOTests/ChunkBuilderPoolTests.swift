import Testing
@testable import Kaohe
@testable import KaoheIO

/// The pool of chunk builders: what it hands out, column by column, and what it keeps.
@Suite("Chunk builder pool")
struct ChunkBuilderPoolTests {
    static func make(_ column: Int) -> ColumnBuilder {
        ColumnBuilder(type: column == 0 ? .number : .text, optional: true, capacity: 100_000, populated: true)
    }

    @Test("empty: every builder made; given back: taken again, emptied, room kept")
    func takesWhatWasGiven() {
        let pool = ChunkBuilderPool(columns: 2)
        var made: [Int] = []
        var first = pool.take(capacity: 100_000) { made.append($0); return Self.make($0) }
        #expect(made == [0, 1])
        // Cells typed into column 0 (1,000 numbers); column 1 given back, column 0 too.
        for k in 0..<1_000 { _ = Array(String(k).utf8).withUnsafeBufferPointer { first[0].append($0) } }
        let room = first[0].room
        pool.give(first.removeLast(), column: 1)
        pool.give(first.removeLast(), column: 0)
        made = []
        let second = pool.take(capacity: 50_000) { made.append($0); return Self.make($0) }
        #expect(made.isEmpty)
        #expect(second[0].count == 0 && second[0].room == room && second[0].type == .number)
        #expect(second[1].type == .text)
        // Only column 1 given back: column 0's builder is made.
        pool.give(second[1], column: 1)
        made = []
        let third = pool.take(capacity: 10) { made.append($0); return Self.make($0) }
        #expect(made == [0] && third.count == 2)
    }

    @Test("at most a block's chunks kept per column")
    func keepsAtMostTheLimit() {
        let pool = ChunkBuilderPool(columns: 1)
        for _ in 0..<(ChunkBuilderPool.limit + 3) { pool.give(Self.make(0), column: 0) }
        var made = 0
        for _ in 0..<(ChunkBuilderPool.limit + 3) { _ = pool.take(capacity: 10) { made += 1; return Self.make($0) } }
        // 8 kept and taken again, 3 made.
        #expect(made == 3)
    }
}
