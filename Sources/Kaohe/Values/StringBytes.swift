extension String {
    /// Whether `other` has the same UTF-8 bytes, compared eight at a time. (`==` also holds for
    /// canonically equivalent texts whose bytes differ, and compares Chinese texts slowly, by
    /// their normalised forms; comparing the two `utf8` views element by element cost about a
    /// thousand instructions a name.)
    public func hasSameUTF8(as other: String) -> Bool {
        // (Native strings lend their bytes in place; a copy of each, made contiguous, only for
        // the others: copying both at every call retained and released them.)
        let inPlace = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y -> Bool in
                guard x.count == y.count else { return false }
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return memcmpBytes(p, q, x.count)
            }
        }
        if let same = inPlace ?? nil { return same }
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return memcmpBytes(p, q, x.count)
            }
        }
    }
}
