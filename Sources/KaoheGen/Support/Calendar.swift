/// The days 2020-01-01 … 2022-12-31 as indices, with their civil date and ISO text.
///
/// Every date the generator writes falls in those three years, so a date is an `Int` index
/// into this table and writing one is a copy of ten bytes.
struct GenCalendar {
    static let shared = GenCalendar()

    let year: [Int16]
    let month: [UInt8]
    let day: [UInt8]
    /// `2021-03-05`, as UTF-8 bytes.
    let iso: [[UInt8]]
    /// Index of the first day of each month of 2020–2022 (36 entries, plus the end).
    let monthStart: [Int]

    var count: Int { year.count }

    private init() {
        var y: [Int16] = [], m: [UInt8] = [], d: [UInt8] = [], iso: [[UInt8]] = [], starts: [Int] = []
        for yy in 2020...2022 {
            for mm in 1...12 {
                starts.append(y.count)
                for dd in 1...GenCalendar.daysIn(month: mm, year: yy) {
                    y.append(Int16(yy)); m.append(UInt8(mm)); d.append(UInt8(dd))
                    var b: [UInt8] = Array(String(yy).utf8)
                    b.append(UInt8(ascii: "-"))
                    b.append(UInt8(48 + mm / 10)); b.append(UInt8(48 + mm % 10))
                    b.append(UInt8(ascii: "-"))
                    b.append(UInt8(48 + dd / 10)); b.append(UInt8(48 + dd % 10))
                    iso.append(b)
                }
            }
        }
        starts.append(y.count)
        self.year = y; self.month = m; self.day = d; self.iso = iso; self.monthStart = starts
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The index of `year-month-day`.
    func index(_ year: Int, _ month: Int, _ day: Int) -> Int {
        monthStart[(year - 2020) * 12 + month - 1] + day - 1
    }

    /// First and last index of quarter `q` (1…4) of `year`.
    func quarter(_ q: Int, of year: Int) -> (first: Int, last: Int) {
        let m0 = (year - 2020) * 12 + (q - 1) * 3
        return (monthStart[m0], monthStart[m0 + 3] - 1)
    }

    var last: Int { year.count - 1 }
}
