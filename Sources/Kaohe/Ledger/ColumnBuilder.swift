/// Builds one ``ColumnData`` from cell bytes, parsing each cell by the column's type.
public struct ColumnBuilder: Sendable {
    public let type: ColumnType
    public let optional: Bool
    private var numbers: [Fixed] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()
    private var dates: [Int32] = []
    private var bools: [Int8] = []
    private var values: [Value] = []

    public init(type: ColumnType, optional: Bool, capacity: Int) {
        self.type = type
        self.optional = optional
        switch type {
        case .number, .money: numbers.reserveCapacity(capacity)
        case .text, .unit: codes.reserveCapacity(capacity)
        case .date: dates.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .list: values.reserveCapacity(capacity)
        }
    }

    /// What ``append(_:)`` learnt about a text cell (for keys and unit credits).
    public struct Appended {
        /// The text's code (texts only), -1 for none.
        public var code: Int32 = -1
        /// Whether the text was seen for the first time.
        public var isNew = false
        public var error: CellError?
    }

    /// Parses and appends one cell (bytes of a CSV field or XLSX cell).
    public mutating func append(_ raw: UnsafeBufferPointer<UInt8>) -> Appended {
        var out = Appended()
        switch type {
        case .text, .unit:
            var lo = 0, hi = raw.count
            while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
            while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
            if lo == hi {
                if !optional {
                    out.error = CellError("empty cell in a required column (declare the type with ? if it may be empty)")
                }
                codes.append(-1)
                return out
            }
            let (code, isNew) = interner.intern(UnsafeBufferPointer(rebasing: raw[lo..<hi]))
            codes.append(code)
            out.code = code
            out.isNew = isNew
            return out
        default:
            break
        }
        let parsed = CellParser.parse(bytes: raw, as: type, optional: optional)
        switch parsed {
        case .failure(let e):
            out.error = e
            appendNone()
        case .success(let v):
            switch (type, v) {
            case (.number, .number(let n)), (.money, .number(let n)): numbers.append(n)
            case (.date, .date(let d)): dates.append(Int32(clamping: d.ordinal))
            case (.bool, .bool(let b)): bools.append(b ? 1 : 0)
            case (.list, _): values.append(v)
            default: appendNone()
            }
        }
        return out
    }

    private mutating func appendNone() {
        switch type {
        case .number, .money: numbers.append(ColumnData.noneNumber)
        case .text, .unit: codes.append(-1)
        case .date: dates.append(Int32.min)
        case .bool: bools.append(-1)
        case .list: values.append(.list([]))
        }
    }

    /// The text of a code appended earlier.
    public func text(_ code: Int32) -> String { interner.strings[Int(code)] }

    public func build() -> ColumnData {
        switch type {
        case .number, .money: return .numbers(numbers)
        case .text, .unit: return .texts(codes: codes, dictionary: interner.strings)
        case .date: return .dates(dates)
        case .bool: return .bools(bools)
        case .list: return .values(values)
        }
    }
}
