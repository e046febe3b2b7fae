import Testing
@testable import Kaohe

/// Making reserved room resident changes nothing an array holds or will hold.
@Suite("Page population")
struct PagePopulationTests {
    @Test("room made resident: the elements, count and capacity as before; appending after it as without")
    func roomKeepsContents() {
        // 300,000 Int (2.4 MB, many pages) reserved, 1,000 written, the rest made resident.
        var a: [Int] = []
        a.reserveCapacity(300_000)
        for k in 0..<1_000 { a.append(k * 7) }
        let capacity = a.capacity
        a.populateRoom(for: 299_000)
        #expect(a.count == 1_000 && a.capacity == capacity)
        #expect(a[999] == 6_993 && a.reduce(0, +) == 7 * 999 * 1_000 / 2)
        for k in 1_000..<300_000 { a.append(k * 7) }
        #expect(a.capacity == capacity)                   // (no growth: the room was there)
        #expect(a[299_999] == 2_099_993)

        // A buffer shared with another array: this one gets its own, with the room (as
        // appending would copy it), the other keeps the shared one untouched.
        var shared: [Int] = []
        shared.reserveCapacity(400_000)
        shared.append(contentsOf: 0..<1_000)
        let other = shared
        shared.populateRoom(for: 200_000)
        #expect(shared.capacity >= 201_000)               // (its own buffer, the room in it)
        #expect(shared == Array(0..<1_000) && other == Array(0..<1_000))
        #expect(shared.withUnsafeBufferPointer { $0.baseAddress } != other.withUnsafeBufferPointer { $0.baseAddress })

        // More than the room: nothing done (the array grows when appended to, as ever).
        var b = [UInt8](repeating: 1, count: 10)
        b.populateRoom(for: 1 << 20)
        #expect(b == [UInt8](repeating: 1, count: 10))

        // A text dictionary's reserved room, and a chunk's builder made with its room resident.
        var texts = TextDictionary()
        texts.reserve(bytes: 1 << 20, texts: 100_000)
        texts.populateRoom()
        texts.append(Array("城关镇".utf8))
        #expect(texts.count == 1 && texts[0] == "城关镇")
        var column = ColumnBuilder(type: .number, optional: true, capacity: 50_000, populated: true)
        for cell in ["1510", "", "845.6"] {
            _ = Array(cell.utf8).withUnsafeBufferPointer { column.append($0) }
        }
        guard case .numbers(let xs) = column.build() else { Issue.record("a number column"); return }
        // 1510, none, 845.6.
        #expect(xs.count == 3 && xs[0] == Fixed(1_510) && xs[1] == ColumnData.noneNumber && xs[2] == Fixed(parsing: "845.6"))
    }

    @Test("populating a range of any alignment and size, even within one page or of nothing")
    func anyRange() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 9, count: 1 << 20)
        for (offset, bytes) in [(0, 0), (1, 100), (3, 65_536), (4_095, 200_000), (17, (1 << 20) - 17)] {
            PagePopulation.populate(raw + offset, bytes: bytes)
        }
        // What the memory held is still there.
        let bytes = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: 1 << 20)
        #expect(bytes.allSatisfy { $0 == 9 })
    }
}
