import Testing
@testable import Kaohe

/// The ranking's packed sort: the order of a plain sort by the same strict order, whatever the
/// keys (negative, equal, far apart, closer than the bits packed), and the radix sort under it.
@Suite struct PackedSortTests {
    /// A small deterministic generator (no randomness between runs).
    struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    /// Keys divided exactly by their common power of ten, for packing first keys whole.
    @Test func decimalQuotients() {
        func quotients(_ keys: [Int128]) -> [Int64]? { keys.withUnsafeBufferPointer { Ranking.decimalQuotients($0) } }
        let one = Fixed.one   // 10²⁰: 1 in fixed point
        // Totals to two places: 1.50 has 19 trailing zeros in fixed point (15 × 10¹⁹), -2.25 has
        // 18 (-225 × 10¹⁸), so the common power is 10¹⁸: 150, -225, 0, 10000, 8550.
        #expect(quotients([150 * one / 100, -225 * one / 100, 0, 100 * one, 8550 * one / 100]) == [150, -225, 0, 10000, 8550])
        // Integers (counts): 3 and 12 have 20 trailing zeros in fixed point: quotients 3, 0, 12.
        #expect(quotients([3 * one, 0, 12 * one]) == [3, 0, 12])
        // No common zeros: the raw integers themselves when they fit in 64 bits.
        #expect(quotients([1, -7, 123_456_789]) == [1, -7, 123_456_789])
        // 10³⁷ has more zeros than the 27 looked for: divided by 10²⁷, 10¹⁰.
        let big: Int128 = 10_000_000_000_000_000_000_000_000_000_000_000_000
        #expect(quotients([big, -big]) == [10_000_000_000, -10_000_000_000])
        // A quotient wider than 64 bits (an odd key near 2¹⁰⁰, or 2⁶³ itself): none.
        #expect(quotients([(Int128(1) << 100) + 1]) == nil)
        #expect(quotients([Int128(Int64.max) + 1]) == nil)
        #expect(quotients([Int128(Int64.min)]) == [Int64.min])
        // All zero (or none): zeros.
        #expect(quotients([0, 0]) == [0, 0])
        #expect(quotients([]) == [])
    }

    @Test func radixSortSorts() {
        var g = LCG(state: 7)
        for count in [0, 1, 65, 1000, 5000] {
            var keys = (0..<count).map { k in k % 3 == 0 ? g.next() : g.next() & 0xFFFF }
            let expected = keys.sorted()
            Ranking.radixSort(&keys)
            #expect(keys == expected, "\(count) keys")
        }
    }

    /// Sorting from a hint (a sweep's previous order): the plain sort whenever it answers; nil
    /// for a hint that is not a permutation, or one so far from the order that insertion
    /// would move keys more than four places each on the whole.
    @Test func sortedAlongAHint() {
        var g = LCG(state: 11)
        let n = 2000
        // Distinct keys (as the packed keys are: the unit's place is in the low bits).
        let keys: [UInt64] = (0..<n).map { u in (g.next() & 0xFFFF_FFFF) << 16 | UInt64(u) }
        let sorted = keys.sorted()
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        // The order itself, and the order with neighbours swapped here and there (a few moves).
        #expect(Ranking.sortedAlong(keys, order) == sorted)
        var near = order
        for j in stride(from: 0, to: n - 1, by: 7) { near.swapAt(j, j + 1) }
        #expect(Ranking.sortedAlong(keys, near) == sorted)
        // One key carried from the end to the front: n - 1 moves, within the budget of 4n.
        var carried = order
        carried.insert(carried.removeLast(), at: 0)
        #expect(Ranking.sortedAlong(keys, carried) == sorted)
        // Reversed: n(n-1)/2 moves, far past 4n.
        #expect(Ranking.sortedAlong(keys, order.reversed()) == nil)
        // Not a permutation: an index twice (another missing), one out of range, a short hint.
        var twice = order
        twice[5] = twice[900]
        #expect(Ranking.sortedAlong(keys, twice) == nil)
        var outside = order
        outside[3] = n
        #expect(Ranking.sortedAlong(keys, outside) == nil)
        #expect(Ranking.sortedAlong(keys, Array(order.dropLast())) == nil)
        // Tiny inputs.
        #expect(Ranking.sortedAlong([], []) == [])
        #expect(Ranking.sortedAlong([9], [0]) == [9])
        #expect(Ranking.sortedAlong([9, 4], [0, 1]) == [4, 9])
    }

    @Test(arguments: [0, 1, 2])
    func packedSortIsThePlainSort(_ shape: Int) {
        var g = LCG(state: UInt64(shape + 1))
        let n = 3000
        // Keys: few distinct values (many ties); scores to two places; and values 10⁻²⁰ apart
        // next to values 10¹⁰ apart (closer than the 40 bits kept).
        let keys: [Fixed] = (0..<n).map { _ in
            switch shape {
            case 0: return Fixed(Int(g.next() % 7)) - Fixed(3)
            case 1: return Fixed(raw: Int128(g.next() % 10_000) * 1_000_000_000_000_000_000)
            default: return g.next() % 2 == 0 ? Fixed(raw: Int128(g.next() % 5)) : Fixed(raw: Int128(g.next() % 1000) * 10_000_000_000_000_000_000_000_000_000)
            }
        }
        let classes: [UInt8] = (0..<n).map { _ in UInt8(g.next() % 4) }
        let second: [Int] = (0..<n).map { _ in Int(g.next() % 3) }
        // Class, key, a second key, then the unit number: a strict total order.
        let before = { (a: Int, b: Int) -> Bool in
            if classes[a] != classes[b] { return classes[a] < classes[b] }
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            if second[a] != second[b] { return second[a] < second[b] }
            return a < b
        }
        let members = Array((0..<n).reversed())
        let sorted = Ranking.packedSort(members, classOf: { classes[$0] }, keyOf: { keys[$0] }, before: before)
        #expect(sorted.units == members.sorted(by: before))
        // Neighbours that may tie have equal classes and keys; the others differ.
        if let mayTie = sorted.mayTie {
            for p in 1..<n where !mayTie[p] {
                let a = sorted.units[p - 1], b = sorted.units[p]
                #expect(classes[a] != classes[b] || keys[a] != keys[b])
            }
        }
    }

    @Test func tieOrderSortedFromAKeptOrder() {
        // Keys 0…99 by 7 × u mod 100 (a permutation): the order sought is by key.
        let key = (0..<100).map { ($0 * 7) % 100 }
        let before = { (a: Int, b: Int) in key[a] < key[b] }
        let sought = (0..<100).sorted(by: before)
        // From the order itself: nothing moves.
        #expect(TieOrders.insertionSorted(sought.map { Int32($0) }, before, budget: 0) == sought)
        // Neighbours swapped: one move each (50 pairs), within a budget of 50, not of 49.
        var swapped = sought
        for k in stride(from: 0, to: 100, by: 2) { swapped.swapAt(k, k + 1) }
        #expect(TieOrders.insertionSorted(swapped.map { Int32($0) }, before, budget: 50) == sought)
        #expect(TieOrders.insertionSorted(swapped.map { Int32($0) }, before, budget: 49) == nil)
        // Reversed: 99 + 98 + … + 1 = 4950 moves, past a budget of 4 × 100.
        #expect(TieOrders.insertionSorted(sought.reversed().map { Int32($0) }, before, budget: 400) == nil)
        #expect(TieOrders.insertionSorted(sought.reversed().map { Int32($0) }, before, budget: 4950) == sought)
    }
}
