/// Step 3 of §6: ranks within the scope and over all units, by the scheme's keys.
enum Ranking {
    /// One ranking key's value for every unit: numbers apart (compared as integers), the rest
    /// as values.
    struct Column: Sendable {
        var numbers: [Fixed]
        var values: [Value]
        /// Whether a unit's value is none (it ranks after every unit that has one).
        var none: [Bool]
        /// Whether every value is a number or none (else `values` are compared).
        var numeric: Bool
        let descending: Bool
    }

    static func rank(_ state: UnitState, _ d: inout Diagnostics) {
        let units = state.ledger.units
        let n = units.count
        // A sweep's point whose keys after the first read the very arrays (shared with the
        // base's state) that the kept order of those keys was made from: only the first key is
        // read, and the kept order used as it is.
        let keys = state.scheme.ranking.by
        let sources = state.nameOrder == nil ? nil
            : TieOrders.sources(keys.dropFirst().map { ($0.expression.expression.root, $0.descending) }, state)
        if let nameOrder = state.nameOrder, keys.count > 1, n > 1, n < 1 << 22, let sources,
           let order = state.tieOrders.order(readFrom: sources, nameOrder: nameOrder),
           let first = direct(keys[0].expression.expression.root, state, descending: keys[0].descending) {
            rankPacked(state, first: first, ties: order)
            return
        }
        // Each key once per unit, by its expression compiled (``ResolvedNames``).
        let columns: [Column] = keys.map { k in
            if let c = direct(k.expression.expression.root, state, descending: k.descending) { return c }
            let names = ResolvedNames(k.expression, state)
            var c = Column(numbers: Array(repeating: .zero, count: n), values: Array(repeating: .none, count: n),
                           none: Array(repeating: false, count: n), numeric: true, descending: k.descending)
            for u in 0..<n {
                var v = Value.none
                do throws(EvaluationError) { v = try names.evaluate(ResolvedEnvironment(state, u, names)) } catch {
                    d.error("ranking key \(k.expression) for \(units[u].name): \(error.message)", at: k.expression.location)
                }
                switch v {
                case .number(let x): c.numbers[u] = x
                case .none: c.none[u] = true
                default: c.numeric = false
                }
                c.values[u] = v
            }
            return c
        }
        let vetoed = state.vetoed
        let k = columns.count
        let numeric = columns.allSatisfy(\.numeric)
        // A sweep's states (their name order known): one sort on a packed key, the keys after
        // the first ordered once for all its points.
        if numeric && k > 0, let nameOrder = state.nameOrder, n > 1, n < 1 << 22 {
            let order = state.tieOrders.order(Array(columns.dropFirst()), nameOrder: nameOrder, sources: sources)
            rankPacked(state, first: columns[0], ties: order)
            return
        }
        // Every key a number (or none): the keys flattened unit by unit, a descending one negated,
        // so that comparing two units reads one array through a pointer.
        var flat = [Fixed](repeating: .zero, count: numeric ? n * k : 0)
        var noneFlat = [Bool](repeating: false, count: numeric ? n * k : 0)
        if numeric {
            for (c, column) in columns.enumerated() {
                for u in 0..<n {
                    flat[u * k + c] = column.descending ? -column.numbers[u] : column.numbers[u]
                    noneFlat[u * k + c] = column.none[u]
                }
            }
        }
        /// -1 when a ranks before b, 0 when tied, 1 after (every key a number or none).
        func numericOrder(_ a: Int, _ b: Int, _ keys: UnsafeBufferPointer<Fixed>, _ none: UnsafeBufferPointer<Bool>,
                          _ vetoed: UnsafeBufferPointer<Bool>) -> Int {
            if vetoed[a] != vetoed[b] { return vetoed[a] ? 1 : -1 }
            var i = a * k, j = b * k
            for _ in 0..<k {
                if none[i] != none[j] { return none[i] ? 1 : -1 }
                if !none[i] {
                    let x = keys[i], y = keys[j]
                    if x != y { return x < y ? -1 : 1 }
                }
                i += 1
                j += 1
            }
            return 0
        }
        /// -1 when a ranks before b, 0 when tied, 1 after.
        func order(_ a: Int, _ b: Int) -> Int {
            if vetoed[a] != vetoed[b] { return vetoed[a] ? 1 : -1 }
            for c in columns {
                if c.none[a] != c.none[b] { return c.none[a] ? 1 : -1 }
                if c.none[a] { continue }
                let r: Int
                if c.numeric {
                    let x = c.numbers[a], y = c.numbers[b]
                    if x == y { continue }
                    r = x < y ? -1 : 1
                } else {
                    guard let o = Value.compare(c.values[a], c.values[b]), o != 0 else { continue }
                    r = o
                }
                return (r > 0) == c.descending ? -1 : 1
            }
            return 0
        }
        let nameOrder = state.nameOrder
        let ties = state.scheme.ranking.ties
        /// `members` in ranking order (keys, then name), and for each place whether the unit
        /// there may tie with the one before (false: their keys differ).
        /// With every key a number: a unit's class (0, then 1 when its first key is none, 2 and
        /// 3 when vetoed) and its first key, which the packed sort and merge order by first.
        let classOf = { (u: Int) -> UInt8 in (vetoed[u] ? 2 : 0) + (noneFlat[u * k] ? 1 : 0) }
        let keyOf = { (u: Int) -> Fixed in noneFlat[u * k] ? .zero : flat[u * k] }
        func sorted(_ members: [Int], _ compare: (Int, Int) -> Int, _ names: UnsafeBufferPointer<Int>?) -> (units: [Int], mayTie: [Bool]?) {
            if numeric && k > 0 {
                return packedSort(members, classOf: classOf, keyOf: keyOf) { a, b in
                    let x = keyOf(a), y = keyOf(b)
                    if x != y { return x < y }
                    let o = compare(a, b)
                    if o != 0 { return o < 0 }
                    if let names { return names[a] < names[b] }
                    return units[a].name < units[b].name
                }
            }
            var out = members
            out.sort { a, b in
                let o = compare(a, b)
                if o != 0 { return o < 0 }
                if let names { return names[a] < names[b] }
                return units[a].name < units[b].name
            }
            return (out, nil)
        }
        /// Writes each unit's rank (by its place in `sorted`, ties shared as the scheme says).
        func rank(_ sorted: (units: [Int], mayTie: [Bool]?), _ compare: (Int, Int) -> Int, _ write: (Int, Int) -> Void) {
            var previous = 0
            let list = sorted.units
            for (pos, u) in list.enumerated() {
                let tied = ties == .shared && pos > 0 && (sorted.mayTie?[pos] ?? true) && compare(list[pos - 1], u) == 0
                let r = tied ? previous : pos + 1
                write(u, r)
                previous = r
            }
        }
        // Each scope once, by its first unit (the units of a scope share its key, a small
        // number; `scopeOf` lists its units).
        var scopes: [(key: Int, first: Int)] = []
        var seen: [Bool] = []
        let scopeKey = state.scopeKey
        for u in 0..<n {
            let key = scopeKey[u]
            if key >= seen.count { seen += Array(repeating: false, count: key - seen.count + 1) }
            if !seen[key] {
                seen[key] = true
                scopes.append((key, u))
            }
        }
        flat.withUnsafeBufferPointer { keys in
            noneFlat.withUnsafeBufferPointer { none in
                vetoed.withUnsafeBufferPointer { vetoedFlags in
                    let compare: (Int, Int) -> Int = numeric ? { numericOrder($0, $1, keys, none, vetoedFlags) } : order
                    let before: (Int, Int) -> Bool = { a, b in
                        let o = compare(a, b)
                        if o != 0 { return o < 0 }
                        if let nameOrder { return nameOrder[a] < nameOrder[b] }
                        return units[a].name < units[b].name
                    }
                    var lists: [(units: [Int], mayTie: [Bool]?)] = []
                    // Written to local arrays (moved out of the state, so not copied).
                    var rankOf = state.rank
                    state.rank = []
                    defer { state.rank = rankOf }
                    for (key, first) in scopes {
                        let scope = state.scopeOf[first]
                        let list = nameOrder.map { order in order.withUnsafeBufferPointer { sorted(scope, compare, $0) } }
                            ?? sorted(scope, compare, nil)
                        rank(list, compare) { u, r in rankOf[u] = r }
                        state.sortedScopes[key] = list.units
                        lists.append(list)
                    }
                    // All units: one list when they are all one scope; sorted afresh when the
                    // keys are packed; else the scopes' sorted lists merged.
                    let all: (units: [Int], mayTie: [Bool]?)
                    if lists.count == 1 && lists[0].units.count == n {
                        all = lists[0]
                    } else if numeric && k > 0 && lists.count <= 16 {
                        // Merged on the packed class and first key; where those are equal, by `before`.
                        all = packedMerge(lists.map(\.units), count: n, classOf: classOf, keyOf: keyOf, before: before)
                    } else if lists.count > 16 {
                        all = nameOrder.map { order in order.withUnsafeBufferPointer { sorted(Array(0..<n), compare, $0) } }
                            ?? sorted(Array(0..<n), compare, nil)
                    } else {
                        all = (merged(lists.map(\.units), before), nil)
                    }
                    var rankAllOf = state.rankAll
                    state.rankAll = []
                    rank(all, compare) { u, r in rankAllOf[u] = r }
                    state.rankAll = rankAllOf
                    state.sortedAll = all.units
                }
            }
        }
    }

    /// `keys` divided by their largest common power of ten 10ᵉ (e ≤ 27), each quotient exact and
    /// within 64 bits; nil when some key is not such a multiple or its quotient is wider.
    ///
    /// The division is exact, so it needs no division per key: 10ᵉ = 2ᵉ·5ᵉ, the key is shifted
    /// right by e (its low e bits must be zero) and multiplied by the inverse of 5ᵉ modulo 2⁶⁴,
    /// and the quotient is checked by multiplying it back.
    static func decimalQuotients(_ keys: UnsafeBufferPointer<Int128>) -> [Int64]? {
        /// The trailing decimal zeros of `x` (not zero), up to 27: a few divisions, done for the
        /// first key that is not zero and again only for a key with fewer.
        func zeros(_ x: Int128) -> Int {
            var e = 0
            var p: Int128 = 10
            while e < 27, x % p == 0 {
                e += 1
                p *= 10
            }
            return e
        }
        guard let x0 = keys.first(where: { $0 != 0 }) else { return [Int64](repeating: 0, count: keys.count) }
        var e = zeros(x0)
        var out = [Int64](repeating: 0, count: keys.count)
        while true {
            var five: UInt64 = 1
            for _ in 0..<e { five &*= 5 }
            // Newton's iteration for the inverse modulo 2⁶⁴ of an odd number (each step
            // doubles the bits that are right; the first guess is right in three).
            var inverse = five
            for _ in 0..<5 { inverse &*= 2 &- five &* inverse }
            let low = (Int128(1) << e) - 1
            let fiveWide = Int128(five)
            // The first key that is not a multiple of 10ᵉ with a 64-bit quotient, if any.
            let failed = out.withUnsafeMutableBufferPointer { out -> Int? in
                for u in 0..<keys.count {
                    let x = keys[u]
                    let y = x >> e
                    let q = Int64(bitPattern: UInt64(truncatingIfNeeded: y) &* inverse)
                    guard x & low == 0, Int128(q) &* fiveWide == y else { return u }
                    out[u] = q
                }
                return nil
            }
            guard let u = failed else { return out }
            // Fewer zeros there: try again with them; else the quotient is too wide.
            let fewer = zeros(keys[u])
            if fewer >= e { return nil }
            e = fewer
        }
    }

    /// Ranks every unit (in its scope and over all) by one sort: each unit's class (0, then 1
    /// when its first key is none, 2 and 3 when vetoed), its first key's top bits and its place
    /// in `ties` (the order of the other keys, then the name) packed into a 64-bit integer and
    /// radix-sorted. Where first keys are closer than the bits kept, that run is put in order
    /// by the whole key. A scope's order is the overall order's units of that scope (the
    /// comparison is the same), so the scopes need no sort of their own.
    static func rankPacked(_ state: UnitState, first: Column, ties: TieOrders.Order) {
        let n = state.total.count
        let placeBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let keyBits = 62 - placeBits
        let placeMask = (UInt64(1) << UInt64(placeBits)) - 1
        var key = [Int128](repeating: 0, count: n)
        var low = Int128.max, high = Int128.min
        first.numbers.withUnsafeBufferPointer { numbers in
            first.none.withUnsafeBufferPointer { none in
                key.withUnsafeMutableBufferPointer { key in
                    for u in 0..<n {
                        let x = none[u] ? 0 : (first.descending ? -numbers[u].raw : numbers[u].raw)
                        key[u] = x
                        if x < low { low = x }
                        if x > high { high = x }
                    }
                }
            }
        }
        let range = UInt128(bitPattern: high) &- UInt128(bitPattern: low)
        var shift = max(0, (128 - range.leadingZeroBitCount) - keyBits)
        // Keys that are all multiples of one power of ten (totals rounded to two places are
        // multiples of 10¹⁸ in fixed point) packed as their exact quotients when those fit:
        // then equal heads mean equal first keys, and no key is read again below.
        var quotients: [Int64] = [], quotientLow: Int64 = 0
        if shift > 0, let q = key.withUnsafeBufferPointer({ decimalQuotients($0) }) {
            // (Their least and greatest in one pass.)
            var qLow = Int64.max, qHigh = Int64.min
            q.withUnsafeBufferPointer { q in
                for x in q {
                    if x < qLow { qLow = x }
                    if x > qHigh { qHigh = x }
                }
            }
            if Int128(qHigh) - Int128(qLow) < Int128(1) << keyBits {
                quotients = q
                quotientLow = qLow
                shift = 0
            }
        }
        var packed = [UInt64](repeating: 0, count: n)
        let vetoed = state.vetoed
        key.withUnsafeBufferPointer { key in
            first.none.withUnsafeBufferPointer { none in
                vetoed.withUnsafeBufferPointer { vetoed in
                    ties.place.withUnsafeBufferPointer { place in
                        packed.withUnsafeMutableBufferPointer { packed in
                            if quotients.isEmpty {
                                for u in 0..<n {
                                    let c = UInt64((vetoed[u] ? 2 : 0) + (none[u] ? 1 : 0))
                                    let offset = UInt64(truncatingIfNeeded: (UInt128(bitPattern: key[u]) &- UInt128(bitPattern: low)) >> shift)
                                    packed[u] = c << 62 | offset << UInt64(placeBits) | UInt64(place[u])
                                }
                                return
                            }
                            quotients.withUnsafeBufferPointer { q in
                                for u in 0..<n {
                                    let c = UInt64((vetoed[u] ? 2 : 0) + (none[u] ? 1 : 0))
                                    let offset = UInt64(bitPattern: q[u] &- quotientLow)
                                    packed[u] = c << 62 | offset << UInt64(placeBits) | UInt64(place[u])
                                }
                            }
                        }
                    }
                }
            }
        }
        // From an order close to the one sought when there is one (a sweep's previous point's):
        // nearly sorted already, put in order by insertion. Else (or when that would move too
        // much), radix-sorted. The integers are distinct, so either way gives the one order.
        let hint = state.rankHint.count == n ? state.rankHint : state.sortedAll
        if hint.count == n, let sorted = sortedAlong(packed, hint) {
            packed = sorted
        } else {
            radixSort(&packed)
        }
        // (Through buffers: an array written element by element inside a closure checked its
        // uniqueness at every write.)
        var all = [Int](unsafeUninitializedCapacity: n) { all, count in
            ties.units.withUnsafeBufferPointer { units in
                packed.withUnsafeBufferPointer { packed in
                    for j in 0..<n { all[j] = Int(units[Int(packed[j] & placeMask)]) }
                }
            }
            count = n
        }
        // Keys closer than the bits kept: such a run ordered by the key, then the place.
        if shift > 0 {
            var i = 0
            while i < n {
                let head = packed[i] >> UInt64(placeBits)
                var j = i + 1
                var differ = false
                while j < n && packed[j] >> UInt64(placeBits) == head {
                    if key[all[j]] != key[all[i]] { differ = true }
                    j += 1
                }
                if differ {
                    all[i..<j].sort { a, b in key[a] != key[b] ? key[a] < key[b] : ties.place[a] < ties.place[b] }
                }
                i = j
            }
        }
        // Every unit's entries are written below (each unit is in `all` once): made
        // uninitialized rather than copied from the base's state and overwritten.
        var rankOf = [Int](unsafeUninitializedCapacity: n) { _, c in c = n }
        var rankAllOf = [Int](unsafeUninitializedCapacity: n) { _, c in c = n }
        // Each scope's units, and its last unit and rank so far (scopes are numbered from 0).
        let scopeKey = state.scopeKey
        let size = state.scopeSizes
        let scopes = size.count
        // The scopes' lists laid end to end in one array: scope s from `start[s]`.
        var start = [Int](repeating: 0, count: scopes + 1)
        for s in 0..<scopes { start[s + 1] = start[s] + size[s] }
        /// A scope's place in `lists` so far, and its last unit (-1 before the first), that
        /// unit's rank, packed head and run of the tie order.
        struct Scope {
            var filled: Int
            var lastUnit = -1, lastRank = 0
            var lastHead: UInt64 = 0
            var lastGroup: Int32 = -1
        }
        var scope = (0..<scopes).map { Scope(filled: start[$0]) }
        var lists = [Int](repeating: 0, count: n)
        let shared = state.scheme.ranking.ties == .shared
        // Units tie only where their packed heads (class and first key bits) are equal and
        // they are in one run of the tie order (equal on the keys after the first): the run is
        // read by place, from the packed integers themselves (runs are numbered by place), not
        // by unit (a cache miss each). When the heads hold the whole first key (no bits
        // dropped) that is all; else the first keys are compared too.
        let exact = shift == 0
        key.withUnsafeBufferPointer { key in
            ties.groupByPlace.withUnsafeBufferPointer { groupByPlace in
                ties.place.withUnsafeBufferPointer { placeOf in
                    all.withUnsafeBufferPointer { all in
                        packed.withUnsafeBufferPointer { packed in
                            scopeKey.withUnsafeBufferPointer { scopeKey in
                                rankOf.withUnsafeMutableBufferPointer { rankOf in
                                    rankAllOf.withUnsafeMutableBufferPointer { rankAllOf in
                                        lists.withUnsafeMutableBufferPointer { lists in
                                            scope.withUnsafeMutableBufferPointer { scope in
                                                // Every operand loaded before the test, and the tests
                                                // combined without a branch on the data (whether a
                                                // unit ties the one before is not predictable).
                                                var previous = 0, before = -1, beforeHead: UInt64 = 0, beforeGroup: Int32 = -1
                                                for pos in 0..<n {
                                                    let u = all[pos]
                                                    let p = packed[pos]
                                                    let head = p >> UInt64(placeBits)
                                                    // (Runs of heads re-sorted by key above no longer
                                                    // match `packed`.)
                                                    let place = exact ? Int(p & placeMask) : Int(placeOf[u])
                                                    let group = groupByPlace[place]
                                                    let sameHead = head == beforeHead, sameGroup = group == beforeGroup
                                                    let r = shared && before >= 0 && sameHead && sameGroup && (exact || key[before] == key[u])
                                                        ? previous : pos + 1
                                                    rankAllOf[u] = r
                                                    previous = r
                                                    before = u
                                                    beforeHead = head
                                                    beforeGroup = group
                                                    let s = scopeKey[u]
                                                    var c = scope[s]
                                                    let scopeHead = c.lastHead == head, scopeGroup = c.lastGroup == group
                                                    let rank = shared && c.lastUnit >= 0 && scopeHead && scopeGroup && (exact || key[c.lastUnit] == key[u])
                                                        ? c.lastRank : c.filled - start[s] + 1
                                                    rankOf[u] = rank
                                                    lists[c.filled] = u
                                                    c.filled += 1
                                                    c.lastUnit = u
                                                    c.lastRank = rank
                                                    c.lastHead = head
                                                    c.lastGroup = group
                                                    scope[s] = c
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        state.rank = rankOf
        state.rankAll = rankAllOf
        for s in 0..<scopes where size[s] > 0 { state.sortedScopes[s] = Array(lists[start[s]..<start[s + 1]]) }
        state.sortedAll = all
    }

    /// `members` sorted by `before`, a strict total order that sorts first by `classOf` (0…3),
    /// then by `keyOf`. Each unit's class and key are packed, with its place in `members`, into
    /// one 64-bit integer — the class, then the key's top 40 bits above the smallest key, then
    /// the place — and those integers are sorted; units whose class and packed key bits are
    /// equal (tied, or keys closer than the bits kept) are then put in order by `before`.
    static func packedSort(_ members: [Int], classOf: (Int) -> UInt8, keyOf: (Int) -> Fixed,
                           before: (Int, Int) -> Bool) -> (units: [Int], mayTie: [Bool]?) {
        let count = members.count
        let placeBits = 22
        guard count > 1 else { return (members, nil) }
        guard count < 1 << placeBits else { return (members.sorted(by: before), nil) }
        let (low, shift) = keyRange([members], keyOf, bits: 40)
        var packed = [UInt64](repeating: 0, count: count)
        for (j, u) in members.enumerated() {
            let offset = UInt64(truncatingIfNeeded: (UInt128(bitPattern: keyOf(u).raw) &- UInt128(bitPattern: low)) >> shift)
            packed[j] = UInt64(classOf(u)) << 62 | offset << placeBits | UInt64(j)
        }
        radixSort(&packed)
        let placeMask: UInt64 = (1 << placeBits) - 1
        var out = packed.map { members[Int($0 & placeMask)] }
        var mayTie = [Bool](repeating: false, count: count)
        // Runs of equal class and key bits, in order by `before`.
        var i = 0
        while i < count {
            let head = packed[i] >> placeBits
            var j = i + 1
            while j < count && packed[j] >> placeBits == head {
                mayTie[j] = true
                j += 1
            }
            if j - i > 16 {
                out[i..<j].sort(by: before)
            } else if j - i > 1 {
                // Runs are short (ties): sorted by insertion, in place.
                for a in (i + 1)..<j {
                    let x = out[a]
                    var b = a
                    while b > i && before(x, out[b - 1]) {
                        out[b] = out[b - 1]
                        b -= 1
                    }
                    out[b] = x
                }
            }
            i = j
        }
        return (out, mayTie)
    }

    /// Lists each sorted by `before` (the order of ``packedSort(_:classOf:keyOf:before:)``)
    /// merged into one: by each unit's class and key packed into 64 bits, and by `before`
    /// where those are equal (an earlier list first among units `before` does not order).
    static func packedMerge(_ lists: [[Int]], count: Int, classOf: (Int) -> UInt8, keyOf: (Int) -> Fixed,
                            before: (Int, Int) -> Bool) -> (units: [Int], mayTie: [Bool]?) {
        let (low, shift) = keyRange(lists, keyOf, bits: 62)
        func head(_ u: Int) -> UInt64 {
            UInt64(classOf(u)) << 62 | UInt64(truncatingIfNeeded: (UInt128(bitPattern: keyOf(u).raw) &- UInt128(bitPattern: low)) >> shift)
        }
        let heads = lists.map { $0.map(head) }
        var out: [Int] = []
        out.reserveCapacity(count)
        var mayTie: [Bool] = []
        mayTie.reserveCapacity(count)
        var at = [Int](repeating: 0, count: lists.count)
        var last: UInt64?
        while true {
            var best = -1
            for l in lists.indices where at[l] < lists[l].count {
                if best < 0 { best = l; continue }
                let h = heads[l][at[l]], b = heads[best][at[best]]
                if h < b || (h == b && before(lists[l][at[l]], lists[best][at[best]])) { best = l }
            }
            if best < 0 { break }
            let h = heads[best][at[best]]
            out.append(lists[best][at[best]])
            mayTie.append(last == h)
            last = h
            at[best] += 1
        }
        return (out, mayTie)
    }

    /// The smallest key of the units of `lists`, and the shift that leaves the keys' offsets
    /// from it in `bits` bits (their top bits; 0 when they fit).
    static func keyRange(_ lists: [[Int]], _ keyOf: (Int) -> Fixed, bits: Int) -> (low: Int128, shift: Int) {
        var low = Int128.max, high = Int128.min
        for list in lists {
            for u in list {
                let x = keyOf(u).raw
                if x < low { low = x }
                if x > high { high = x }
            }
        }
        let range = UInt128(bitPattern: high) &- UInt128(bitPattern: low)
        return (low, max(0, (128 - range.leadingZeroBitCount) - bits))
    }

    /// `keys` (distinct) sorted, starting from their order along `hint` (a permutation of
    /// their indices) and sorting by insertion; nil when `hint` is not a permutation, or when
    /// the keys are far from sorted along it (more than four moves a key on the whole), so
    /// that the caller sorts them otherwise.
    static func sortedAlong(_ keys: [UInt64], _ hint: [Int]) -> [UInt64]? {
        let n = keys.count
        guard hint.count == n else { return nil }
        var out = [UInt64](repeating: 0, count: n)
        let ok = keys.withUnsafeBufferPointer { keys in
            hint.withUnsafeBufferPointer { hint in
                out.withUnsafeMutableBufferPointer { out -> Bool in
                    for j in 0..<n {
                        let u = hint[j]
                        guard u >= 0 && u < n else { return false }
                        out[j] = keys[u]
                    }
                    var budget = 4 * n
                    for j in 1..<max(1, n) {
                        let x = out[j]
                        var i = j
                        while i > 0 && out[i - 1] > x {
                            out[i] = out[i - 1]
                            i -= 1
                        }
                        // A key met twice: `hint` repeats an index (it is not a permutation).
                        if i > 0 && out[i - 1] == x { return false }
                        out[i] = x
                        budget -= j - i
                        if budget < 0 { return false }
                    }
                    return true
                }
            }
        }
        return ok ? out : nil
    }

    /// Sorts 64-bit integers by least-significant-digit radix sort, 11 bits a pass, skipping
    /// the passes whose digit is the same in every integer.
    static func radixSort(_ keys: inout [UInt64]) {
        let count = keys.count
        guard count > 64 else { keys.sort(); return }
        let bits = 11, buckets = 1 << bits, mask = UInt64(buckets - 1)
        var spare = [UInt64](repeating: 0, count: count)
        var counts = [Int](repeating: 0, count: buckets)
        var differing: UInt64 = 0
        let first = keys[0]
        for x in keys { differing |= x ^ first }
        var shift = 0
        while shift < 64 {
            if (differing >> UInt64(shift)) & mask != 0 {
                keys.withUnsafeMutableBufferPointer { from in
                    spare.withUnsafeMutableBufferPointer { to in
                        counts.withUnsafeMutableBufferPointer { c in
                            for b in 0..<buckets { c[b] = 0 }
                            for x in from { c[Int((x >> UInt64(shift)) & mask)] += 1 }
                            var sum = 0
                            for b in 0..<buckets {
                                let n = c[b]
                                c[b] = sum
                                sum += n
                            }
                            for x in from {
                                let b = Int((x >> UInt64(shift)) & mask)
                                to[c[b]] = x
                                c[b] += 1
                            }
                        }
                    }
                }
                swap(&keys, &spare)
            }
            shift += bits
        }
    }

    /// Sorted lists merged into one, by `before` (stable: an earlier list first among equals).
    static func merged(_ lists: [[Int]], _ before: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        var at = [Int](repeating: 0, count: lists.count)
        while true {
            var best = -1
            for (l, list) in lists.enumerated() where at[l] < list.count {
                if best < 0 || before(list[at[l]], lists[best][at[best]]) { best = l }
            }
            if best < 0 { break }
            out.append(lists[best][at[best]])
            at[best] += 1
        }
        return out
    }

    /// A key that is a unit's total, or an item's value, target, rate or score, read straight
    /// from the state's arrays (as ``UnitEnvironment`` reads them: none where the item does not
    /// apply); nil for any other expression, or an item value that is not a number.
    static func direct(_ e: Expr, _ state: UnitState, descending: Bool) -> Column? {
        let n = state.total.count
        if case .name("total") = e.kind, state.itemIndex["total"] == nil {
            // (The totals' own array, not a copy.)
            return Column(numbers: state.total, values: [], none: [Bool](repeating: false, count: n), numeric: true,
                          descending: descending)
        }
        var numbers = [Fixed](repeating: .zero, count: n), none = [Bool](repeating: false, count: n)
        func fill(_ applies: [Bool], _ xs: [Fixed?]) {
            for u in 0..<n {
                if applies[u], let x = xs[u] { numbers[u] = x } else { none[u] = true }
            }
        }
        switch e.kind {
        case .name(let name):
            guard let i = state.itemIndex[name] else { return nil }
            let applies = state.applies[i], values = state.values[i]
            for u in 0..<n {
                switch applies[u] ? values[u] : .none {
                case .number(let x): numbers[u] = x
                case .none: none[u] = true
                default: return nil
                }
            }
        case .member(let base, let field):
            guard let b = base.nameValue, b != "unit", let i = state.itemIndex[b] else { return nil }
            switch field {
            case "target": fill(state.applies[i], state.targets[i])
            case "rate": fill(state.applies[i], state.rates[i])
            case "score": fill(state.applies[i], state.scores[i])
            default: return nil
            }
        default:
            return nil
        }
        // A numeric column is compared by `numbers` only.
        return Column(numbers: numbers, values: [], none: none, numeric: true, descending: descending)
    }
}

/// Step 5 of §6: the units sharing a team, scored by the sum or average of their totals.
enum Teams {
    static func score(_ state: UnitState) -> [TeamResult] {
        guard let spec = state.scheme.teams else { return [] }
        // Each team's units, teams in order of first appearance (an empty team is none).
        let named = UnitNamesInOrder(state.ledger.units) { units, u in units[u].team.flatMap { $0.isEmpty ? nil : $0 } }
        let order = named.names
        var members = [[Int]](repeating: [], count: order.count)
        for (u, k) in named.of.enumerated() where k >= 0 { members[k].append(u) }
        var teams: [TeamResult] = order.indices.map { k in
            let t = order[k], idx = members[k]
            let sum = idx.reduce(Fixed.zero) { $0 + state.total[$1] }
            var score = sum
            // (As computed, not rounded: SPEC §9. Rounded averages could tie teams that differ.)
            if spec.score == .average, !idx.isEmpty {
                score = (try? sum.divided(by: Fixed(idx.count))) ?? sum
            }
            return TeamResult(team: t, units: idx.map { state.ledger.units[$0].name }, score: score, rank: 0)
        }
        teams.sort { $0.score != $1.score ? $0.score > $1.score : $0.team < $1.team }
        for i in teams.indices {
            teams[i].rank = i > 0 && teams[i].score == teams[i - 1].score ? teams[i - 1].rank : i + 1
        }
        return teams
    }
}
