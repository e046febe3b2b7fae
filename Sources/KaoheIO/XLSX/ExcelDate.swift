import Kaohe
/// Conversion of Excel date serials to ISO dates (`yyyy-mm-dd`) and times (`HH:MM`).
///
/// An XLSX date is a number of days, shown as a date by its cell's number format. In the 1900
/// date system serial 1 is 1900-01-01 and, copying a Lotus 1-2-3 bug, serial 60 is the
/// non-existent 1900-02-29 (an error here), so from serial 61 on a serial counts days from
/// 1899-12-30: 45292 is 2024-01-01. In the 1904 system (`date1904` in the workbook) serial 0 is
/// 1904-01-01. A fractional serial in a date format gives the date only: ledgers hold days.
/// The time of day is rounded to the second first, so 45292.99999999 is 2024-01-02. A number in
/// a time-only format (`h:mm`) gives `HH:MM`, or `HH:MM:SS` when the seconds are not zero,
/// with whole days added to the hours (`[h]:mm` durations). All without floating point: the
/// serial arrives as normalised decimal text from ``ExcelNumber``.
public enum ExcelDate {
    /// What a serial is shown as.
    public enum Kind: Sendable, Hashable {
        case date
        case time
    }

    /// The text of a serial (plain decimal digits, as from ``ExcelNumber/normalize(_:)``),
    /// or a message saying why it is no date.
    public static func text(serial: String, kind: Kind, date1904: Bool) -> Result<String, DateError> {
        guard let (days, seconds) = split(serial) else { return .failure(.notANumber(serial)) }
        switch kind {
        case .date:
            if date1904 {
                return .success(isoDate(daysSinceEpoch: days - 24107)) // 1904-01-01
            }
            guard days >= 1 else { return .failure(.beforeFirstDay(serial)) }
            if days == 60 { return .failure(.nonexistent1900February29) }
            return .success(isoDate(daysSinceEpoch: days < 60 ? days - 25568 : days - 25569))
        case .time:
            let total = (days * 86_400 + seconds)
            let hours = total / 3600, minutes = total / 60 % 60, rest = total % 60
            var text = twoDigits(hours) + ":" + twoDigits(minutes)
            if rest != 0 { text += ":" + twoDigits(rest) }
            return .success(text)
        }
    }

    /// Why a serial is no date.
    public enum DateError: Error, Equatable, CustomStringConvertible {
        case notANumber(String)
        case beforeFirstDay(String)
        case nonexistent1900February29

        public var description: String {
            switch self {
            case .notANumber(let text): "“\(text)” is not a date serial"
            case .beforeFirstDay(let text): "the date serial \(text) is before 1900-01-01"
            case .nonexistent1900February29: "the date serial 60 is 1900-02-29, a day that does not exist (a bug Excel keeps from Lotus 1-2-3)"
            }
        }
    }

    /// Whole days and the time of day rounded to seconds; the day is advanced when the time
    /// rounds up to 24:00. Nil for a negative serial or text that is not plain decimal digits.
    static func split(_ serial: String) -> (days: Int, seconds: Int)? {
        let parts = serial.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 9,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(whole) else { return nil }
        var seconds = 0
        if parts.count == 2 {
            // seconds = round(0.FRACTION × 86400), on at most 12 digits of the fraction.
            let fraction = parts[1].prefix(12)
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let numerator = Int(fraction) else { return nil }
            var denominator = 1
            for _ in 0..<fraction.count { denominator *= 10 }
            seconds = (numerator * 86_400 * 2 + denominator) / (denominator * 2)
        }
        return seconds >= 86_400 ? (days + 1, seconds - 86_400) : (days, seconds)
    }

    /// The ISO date of a day counted from 1970-01-01 (the engine's own calendar).
    static func isoDate(daysSinceEpoch: Int) -> String {
        Day(ordinal: daysSinceEpoch).description
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
