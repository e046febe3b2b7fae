/// The elements `body` emits for the pieces of `0..<count`, in the pieces' order, each piece
/// on its own core, written in place into the one array returned.
///
/// Why not `parallelMap(…).flatMap { $0 }`: joining the pieces copies every element, and a
/// unit's sheet or its what-if diff is a struct of many strings and arrays, each retained by
/// the copy and released with the piece (a province's 20,000 sheets, twice over). Here each
/// piece initializes its own stretch of the result, and the stretches are moved together.
///
/// `body(range, emit)` calls `emit` at most once per index of `range` (a unit it skips emits
/// nothing); an element past that is dropped.
public func parallelCollect<T>(_ count: Int, pieces: Int, _ body: @escaping (Range<Int>, (T) -> Void) -> Void) -> [T] {
    guard count > 0 else { return [] }
    let p = max(1, min(pieces, count))
    func range(_ k: Int) -> Range<Int> { count * k / p..<count * (k + 1) / p }
    return [T](unsafeUninitializedCapacity: count) { buffer, written in
        guard let base = buffer.baseAddress else { written = 0; return }
        let shared = UncheckedSendable(base)
        let made = parallelMap(p) { k -> Int in
            let r = range(k)
            var c = 0
            body(r) { value in
                guard c < r.count else { return }
                (shared.value + r.lowerBound + c).initialize(to: value)
                c += 1
            }
            return c
        }
        // Each piece's elements moved down to follow the previous piece's (regions may overlap).
        var end = 0
        for k in 0..<p {
            let start = range(k).lowerBound
            if start != end && made[k] > 0 { (base + end).moveInitialize(from: base + start, count: made[k]) }
            end += made[k]
        }
        written = end
    }
}
