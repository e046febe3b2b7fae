/// A text every unit may have (its group, its team), each distinct one numbered in order of
/// first appearance.
///
/// A unit's text is hashed only when it differs from the last unit's: a province's units come
/// county by county, and hashing 20,000 Chinese names (a `String` hash normalises them) took
/// milliseconds each time a state or the teams were made. Records are read in place, not
/// copied.
struct UnitNamesInOrder {
    /// The distinct texts, in order of first appearance.
    var names: [String] = []
    /// Each unit's text's number (-1: none).
    var of: [Int] = []

    /// `text` reads a unit's text from the records; nil is none.
    init(_ units: [UnitRecord], _ text: (UnsafeBufferPointer<UnitRecord>, Int) -> String?) {
        var index: [String: Int] = [:]
        var names: [String] = []
        of = units.withUnsafeBufferPointer { units -> [Int] in
            var of: [Int] = []
            of.reserveCapacity(units.count)
            var last: (name: String, number: Int)?
            for u in units.indices {
                guard let t = text(units, u) else { of.append(-1); continue }
                // (Same bytes first: `==` compares Chinese texts by their normalised forms, slowly;
                // texts whose bytes differ are looked up, and `index` takes equivalent spellings
                // as one text, as before.)
                if let last, last.name.hasSameUTF8(as: t) { of.append(last.number); continue }
                let k: Int
                if let found = index[t] {
                    k = found
                } else {
                    k = names.count
                    index[t] = k
                    names.append(t)
                }
                of.append(k)
                last = (t, k)
            }
            return of
        }
        self.names = names
    }
}
