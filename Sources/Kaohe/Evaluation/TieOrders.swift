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
        /// Which run of units equal on every one of the keys holds the unit at each place of
        /// `units` (runs are numbered in order, so this rises with the place).
        let groupByPlace: [Int32]
    }

    /// The kept order, and the arrays its keys were read from (see ``sources(_:_:)``), kept
    /// together.
    private let cached = Mutex<(order: Order, sources: Sources?)?>(nil)

    /// The arrays of a state that ``Ranking/direct(_:_:descending:)`` reads for some keys: the
    /// same arrays (the same storage, kept alive here, so not an address used again) give the
    /// same columns.
    struct Sources: Sendable {
        let addresses: [UInt]
        /// The arrays themselves, so that their storage outlives the comparison.
        let arrays: [any Sendable]

        func same(_ other: Sources) -> Bool { addresses == other.addresses }
    }

    /// The arrays `keys` read (a unit's total, an item's value, target, rate or score with
    /// whether it applies), with the way each sorts; nil when some key reads anything else.
    static func sources(_ keys: [(expression: Expr, descending: Bool)], _ state: UnitState) -> Sources? {
        var addresses: [UInt] = [], arrays: [any Sendable] = []
        func add<T: Sendable>(_ a: [T]) {
            addresses.append(a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
            addresses.append(UInt(a.count))
            arrays.append(a)
        }
        for (e, descending) in keys {
            // (Which way each key sorts is part of what the order was made for.)
            addresses.append(descending ? 1 : 0)
            switch e.kind {
            case .name("total") where state.itemIndex["total"] == nil:
                add(state.total)
            case .name(let name):
                guard let i = state.itemIndex[name] else { return nil }
                add(state.applies[i])
                add(state.values[i])
            case .member(let base, let field):
                guard let b = base.nameValue, b != "unit", let i = state.itemIndex[b] else { return nil }
                add(state.applies[i])
                switch field {
                case "target": add(state.targets[i])
                case "rate": add(state.rates[i])
                case "score": add(state.scores[i])
                default: return nil
                }
            default:
                return nil
            }
        }
        return Sources(addresses: addresses, arrays: arrays)
    }

    /// The kept order, when it was made from keys read from `sources` (then they give the same
    /// columns) and for the same names.
    func order(readFrom sources: Sources, nameOrder: [Int]) -> Order? {
        guard let kept = cached.withLock({ $0 }), let from = kept.sources, from.same(sources),
              kept.order.units.count == nameOrder.count else { return nil }
        return kept.order
    }

    /// The order for `keys` (numeric columns), ties by `nameOrder`; the one kept when its keys
    /// are the same. `sources`: the arrays the keys were read from, kept with the order.
    func order(_ keys: [Ranking.Column], nameOrder: [Int], sources: Sources? = nil) -> Order {
        let kept = cached.withLock({ $0 })
        if let kept, Self.same(kept.order.keys, keys) {
            // (The same columns from other arrays: the order is kept with the arrays it was made from.)
            return kept.order
        }
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
        let before = { (a: Int, b: Int) -> Bool in
            let o = compare(a, b)
            return o != 0 ? o < 0 : nameOrder[a] < nameOrder[b]
        }
        // From the kept order when there is one (a sweep's neighbouring point, whose keys, a
        // rate moved by a target, order the units almost alike): put in order by insertion,
        // unless that moves too much. `before` is a total order (names last), so either way
        // gives the one order.
        let units = kept.flatMap { k in k.order.units.count == n ? Self.insertionSorted(k.order.units, before, budget: 4 * n) : nil }
            ?? (0..<n).sorted(by: before)
        var place = [Int32](repeating: 0, count: n), groupByPlace = [Int32](repeating: 0, count: n)
        var g: Int32 = 0
        for (j, u) in units.enumerated() {
            if j > 0 && compare(units[j - 1], u) != 0 { g += 1 }
            place[u] = Int32(j)
            groupByPlace[j] = g
        }
        let o = Order(keys: keys, units: units.map { Int32($0) }, place: place, groupByPlace: groupByPlace)
        cached.withLock { $0 = (o, sources) }
        return o
    }

    /// `start` sorted by `before` by insertion; nil once more than `budget` moves were made
    /// (the start was too far from sorted for insertion to be cheap).
    static func insertionSorted(_ start: [Int32], _ before: (Int, Int) -> Bool, budget: Int) -> [Int]? {
        var a = start.map { Int($0) }
        var moves = 0
        for i in a.indices.dropFirst() {
            let x = a[i]
            var j = i
            while j > 0 && before(x, a[j - 1]) {
                a[j] = a[j - 1]
                j -= 1
                moves += 1
                if moves > budget { return nil }
            }
            a[j] = x
        }
        return a
    }

    static func same(_ a: [Ranking.Column], _ b: [Ranking.Column]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.descending == y.descending && x.none == y.none && x.numbers == y.numbers
        }
    }
}
