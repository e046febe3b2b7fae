import Synchronization

/// The units ordered by the ranking keys after the first, then by name, worked out once and
/// shared by a sweep's states: those keys (a rate, a count) seldom change between points, so a
/// point's ranking sorts on its first key and this order alone (``Ranking/rankPacked``).
final class TieOrders: Sendable {
    struct Order: Sendable {
        /// The keys it was made for.
        let keys: [Ranking.Column]
        /// The units in order.
        let units: [Int32]
        /// Each unit's place in `units`.
        let place: [Int32]
        /// Which run of units equal on every one of the keys each unit is in.
        let group: [Int32]
    }

    private let cached = Mutex<Order?>(nil)

    /// The order for `keys` (numeric columns), ties by `nameOrder`; the one kept when its keys
    /// are the same.
    func order(_ keys: [Ranking.Column], nameOrder: [Int]) -> Order {
        if let o = cached.withLock({ $0 }), Self.same(o.keys, keys) { return o }
        let n = nameOrder.count
        /// -1, 0, 1: `a` before, tied with, after `b` on the keys.
        func compare(_ a: Int, _ b: Int) -> Int {
            for c in keys {
                if c.none[a] != c.none[b] { return c.none[a] ? 1 : -1 }
                if c.none[a] { continue }
                let x = c.numbers[a], y = c.numbers[b]
                if x != y { return (x < y) != c.descending ? -1 : 1 }
            }
            return 0
        }
        let units = (0..<n).sorted { a, b in
            let o = compare(a, b)
            return o != 0 ? o < 0 : nameOrder[a] < nameOrder[b]
        }
        var place = [Int32](repeating: 0, count: n), group = [Int32](repeating: 0, count: n)
        var g: Int32 = 0
        for (j, u) in units.enumerated() {
            if j > 0 && compare(units[j - 1], u) != 0 { g += 1 }
            place[u] = Int32(j)
            group[u] = g
        }
        let o = Order(keys: keys, units: units.map { Int32($0) }, place: place, group: group)
        cached.withLock { $0 = o }
        return o
    }

    static func same(_ a: [Ranking.Column], _ b: [Ranking.Column]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.descending == y.descending && x.none == y.none && x.numbers == y.numbers
        }
    }
}
