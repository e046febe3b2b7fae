extension String {
    /// A copy of the string in storage of its own (a string of more than 15 UTF-8 bytes, as
    /// most Chinese names are, lives on the heap and is reference counted).
    ///
    /// For work split over the cores that copies the same names into every result: each core
    /// then counts references to its own copy, instead of both cores taking turns at one
    /// atomic counter (the cache line bouncing between them made each copy many times slower).
    var unshared: String {
        String(decoding: Array(utf8), as: UTF8.self)
    }
}
