/// One dataset column, stored by type (columnar): numbers as exact fixed point, texts as codes
/// into a dictionary of distinct values, dates as day numbers, yes/no as bytes.
///
/// Two million project rows of fourteen columns fit in a few hundred megabytes this way (an
/// array of ``Value`` would take about a gigabyte), and record conditions compiled against it
/// compare integers instead of strings (`资金来源 in ['省外', '境外']` is a lookup by code).
public enum ColumnData: Sendable {
    /// `none` is ``ColumnData/noneNumber``.
    case numbers([Fixed])
    /// `codes[r]` indexes `dictionary`; -1 is none.
    case texts(codes: [Int32], dictionary: TextDictionary)
    /// Days since 1970-01-01; `Int32.min` is none.
    case dates([Int32])
    /// 1 true, 0 false, -1 none.
    case bools([Int8])
    /// Anything else (lists), as values.
    case values([Value])
    /// Lists as codes into the distinct lists (what a ledger's list columns are read into).
    case lists(codes: [Int32], distinct: [Value])
    /// A column that nothing in the scheme reads (``UnreadColumns``): checked as it was read,
    /// not kept; every cell is none. (Kept as codes of none it took 4 bytes a cell: 8 MB of
    /// fresh memory for each such column of two million projects.)
    case absent(count: Int)

    /// The stand-in for an empty optional number cell.
    public static let noneNumber = Fixed(raw: Int128.min)

    public var count: Int {
        switch self {
        case .numbers(let x): return x.count
        case .texts(let c, _): return c.count
        case .dates(let x): return x.count
        case .bools(let x): return x.count
        case .values(let x): return x.count
        case .lists(let codes, _): return codes.count
        case .absent(let count): return count
        }
    }

    /// The value of record `r`.
    @inline(__always)
    public func value(_ r: Int) -> Value {
        switch self {
        case .numbers(let x):
            let v = x[r]
            return v.raw == Int128.min ? .none : .number(v)
        case .texts(let codes, let dictionary):
            let c = codes[r]
            return c < 0 ? .none : .text(dictionary[Int(c)])
        case .dates(let x):
            let d = x[r]
            return d == Int32.min ? .none : .date(Day(ordinal: Int(d)))
        case .bools(let x):
            let b = x[r]
            return b < 0 ? .none : .bool(b == 1)
        case .values(let x):
            return x[r]
        case .lists(let codes, let distinct):
            return distinct[Int(codes[r])]
        case .absent:
            return .none
        }
    }
}
