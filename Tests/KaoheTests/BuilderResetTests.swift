import Testing
@testable import Kaohe

/// A chunk's builder emptied (``ColumnBuilder/reset(capacity:)``) and typed into again gives
/// what a new builder gives, for every kind of column, and keeps its arrays' room.
@Suite("Builder reset")
struct BuilderResetTests {
    /// The cells of two chunks of one column: the second unlike the first (other texts, other
    /// lengths), so that anything the reset left behind would show.
    static func chunks(_ type: ColumnType) -> ([String], [String]) {
        switch type {
        case .number: return (["1", "2.5", "", "-3"], ["7", "", "0.125", "8", "9"])
        case .money: return (["845.6", "1510", ""], ["0.01", "2", "", "3.3"])
        case .date: return (["2021-02-28", "", "2020-12-31"], ["2021-03-01", "2021-01-01", ""])
        case .bool: return (["是", "否", ""], ["否", "是", "是", ""])
        case .list: return (["世界500强", "", "高新技术、世界500强"], ["高新技术", "", "新标签"])
        case .text, .unit: return (["城关镇", "河西镇", "", "城关镇"], ["东山乡", "城关镇", "东山乡", ""])
        }
    }

    /// The column of `cells` as `builder` types them, one cell at a time, and its errors.
    static func typed(_ builder: inout ColumnBuilder, _ cells: [String]) -> (ColumnData, [String]) {
        var errors: [String] = []
        for c in cells {
            var bytes = Array(c.utf8)
            let e = bytes.withUnsafeMutableBufferPointer { builder.append(UnsafeBufferPointer($0)) }
            if let e { errors.append(e.message) }
        }
        return (builder.build(), errors)
    }

    static func values(_ column: ColumnData) -> [String] { (0..<column.count).map { column.value($0).description } }

    @Test(arguments: [ColumnType.number, .money(name: "万元", factor: Fixed(10_000)), .date, .bool, .list, .text, .unit])
    func resetTypesAsNew(_ type: ColumnType) {
        for stored in [true, false] {
            let (first, second) = Self.chunks(type)
            var reused = ColumnBuilder(type: type, optional: true, capacity: 4, stored: stored, populated: true)
            let (a, _) = Self.typed(&reused, first)
            #expect(Self.values(a).count == first.count)
            reused.reset(capacity: 5)
            var fresh = ColumnBuilder(type: type, optional: true, capacity: 5, stored: stored, populated: true)
            let (b, eb) = Self.typed(&reused, second)
            let (c, ec) = Self.typed(&fresh, second)
            #expect(Self.values(b) == Self.values(c), "\(type) stored \(stored)")
            #expect(eb == ec)
            #expect(b.count == second.count)
        }
    }

    @Test("a column kept cell by cell: reset, its texts' arrays are used again, and the codes start over")
    func keptTextsStartOver() {
        // 5,000 distinct keys: at the 4,096th cell the builder keeps texts cell by cell.
        let first = (0..<5_000).map { "P2021-\($0)" }, second = (0..<4_500).map { "Q-\($0 * 3)" }
        var reused = ColumnBuilder(type: .text, optional: false, capacity: 5_000, populated: true)
        _ = Self.typed(&reused, first)
        reused.reset(capacity: 4_500)
        var fresh = ColumnBuilder(type: .text, optional: false, capacity: 4_500, populated: true)
        let (b, _) = Self.typed(&reused, second)
        let (c, _) = Self.typed(&fresh, second)
        #expect(Self.values(b) == Self.values(c))
        #expect(Self.values(b).first == "Q-0" && Self.values(b).last == "Q-13497")
        guard case .texts(let codes, let dictionary) = b else { Issue.record("not texts"); return }
        // Codes 0… in order, into a dictionary of exactly the second chunk's texts.
        #expect(codes.first == 0 && codes.last == 4_499 && dictionary.count == 4_500)
    }

    @Test("the room is kept: the next chunk's cells go into the arrays already there")
    func roomKept() {
        var b = ColumnBuilder(type: .number, optional: true, capacity: 100_000, populated: true)
        _ = (0..<1_000).map { k in Array(String(k).utf8).withUnsafeBufferPointer { b.append($0) } }
        let room = b.room
        #expect(room >= 100_000)
        b.reset(capacity: 50_000)
        #expect(b.room == room && b.count == 0)
        // More than the room: grown, as a new builder would be.
        b.reset(capacity: 2 * room)
        #expect(b.room >= 2 * room && b.count == 0)
    }
}
