/// Reads the dates of a ledger column, `2021-06-30` after `2021-03-14`, with the work of the
/// year done once for all its dates: the year's digits, whether it is a leap year and the
/// ordinal of its 1 January are kept from the date before while its first four bytes are the
/// same. A column of a year's projects repeats one year two million times; each date then
/// costs its month and day.
///
/// Gives the ordinal ``Day/parseASCII(_:)`` gives for a ten-byte `YYYY-MM-DD` cell, nil where
/// it gives nil; any other spelling (`2021/6/30`, `2021年6月30日`) is read by it.
struct ISODayReader {
    /// The year's four bytes as read (0: none yet; a year's bytes are digits, never all zero).
    private var yearKey: UInt32 = 0
    /// The ordinal of the year's 1 January.
    private var yearStart = 0
    private var leap = false
    private var year = 0

    @inline(__always)
    mutating func ordinal(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 10, let p = b.baseAddress, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else {
            return Day.parseASCII(b)?.ordinal
        }
        let m0 = p[5] &- 48, m1 = p[6] &- 48, d0 = p[8] &- 48, d1 = p[9] &- 48
        guard m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
        let key = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
        if key != yearKey {
            let y0 = p[0] &- 48, y1 = p[1] &- 48, y2 = p[2] &- 48, y3 = p[3] &- 48
            guard y0 < 10, y1 < 10, y2 < 10, y3 < 10 else { return nil }
            let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
            guard let first = Day(year: year, month: 1, day: 1) else { return nil }
            yearKey = key
            yearStart = first.ordinal
            self.year = year
            leap = Day.daysIn(month: 2, year: year) == 29
        }
        let month = Int(m0) * 10 + Int(m1), day = Int(d0) * 10 + Int(d1)
        guard month >= 1, month <= 12, day >= 1 else { return nil }
        guard day <= Day.daysIn(month: month, year: year) else { return nil }
        // Days of the year before the month: January 0, February 31, then from March on
        // Hinnant's (153 × (month − 3) + 2) / 5 after January and February's 59 (60 in a leap year).
        let before = month <= 2 ? (month - 1) * 31 : (153 * (month - 3) + 2) / 5 + (leap ? 60 : 59)
        return yearStart + before + day - 1
    }
}
