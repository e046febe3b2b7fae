/// Normalisation of the number text of an XLSX cell (`<v>…</v>`) to plain decimal digits.
///
/// Excel stores a number as the shortest text that round-trips its binary value: `0.1`,
/// `1234567.89`, `1E-3`, `1.5E+7`, and sometimes `0.30000000000000004`. The text is turned into
/// plain decimal notation by moving digits, never through `Double`, so no value changes on the
/// way: exponents are written out, leading zeros and a trailing `.0` are dropped, `-0` is `0`.
/// Like Excel's own display, a value is rounded (half up) to 15 significant digits, so that
/// the noise of binary arithmetic in a formula's cached value (`0.30000000000000004`) reads as
/// what the user sees in Excel (`0.3`).
///
/// ```swift
/// ExcelNumber.normalize("1.5E+7")    // "15000000"
/// ExcelNumber.normalize("-2.5E-2")   // "-0.025"
/// ```
public enum ExcelNumber {
    /// The most significant digits kept, as in Excel.
    public static let significantDigits = 15

    /// The plain decimal form of a number's text, or nil when the text is not a number.
    public static func normalize(_ text: String) -> String? {
        var output: [UInt8] = []
        var bytes = Array(text.utf8)
        let count = bytes.count
        let ok = bytes.withUnsafeMutableBufferPointer { buffer in
            append(UnsafeBufferPointer(buffer), 0, count, to: &output)
        }
        return ok ? String(decoding: output, as: UTF8.self) : nil
    }

    /// Appends the plain decimal form of `buffer[start..<end]` to `output`; false (and nothing
    /// appended) when the text is not a number.
    static func append(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to output: inout [UInt8]) -> Bool {
        if appendFast(buffer, start, end, to: &output) { return true }
        var index = start
        var negative = false
        if index < end, buffer[index] == UInt8(ascii: "-") || buffer[index] == UInt8(ascii: "+") {
            negative = buffer[index] == UInt8(ascii: "-")
            index += 1
        }
        // The mantissa's digits, and how many of them stand before the decimal point.
        var digits: [UInt8] = []
        var integerDigits = 0
        var sawPoint = false
        while index < end {
            let byte = buffer[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte)
                if !sawPoint { integerDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { return false }
        if index < end {
            guard buffer[index] == UInt8(ascii: "E") || buffer[index] == UInt8(ascii: "e") else { return false }
            index += 1
            var exponentNegative = false
            if index < end, buffer[index] == UInt8(ascii: "-") || buffer[index] == UInt8(ascii: "+") {
                exponentNegative = buffer[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end else { return false }
            var exponent = 0
            while index < end {
                let digit = Int(buffer[index]) - 48
                guard digit >= 0, digit <= 9 else { return false }
                exponent = exponent * 10 + digit
                guard exponent <= 400 else { return false }
                index += 1
            }
            integerDigits += exponentNegative ? -exponent : exponent
        }
        // value = 0.DIGITS × 10^integerDigits; drop leading and trailing zeros.
        var first = 0
        while first < digits.count, digits[first] == UInt8(ascii: "0") {
            first += 1
            integerDigits -= 1
        }
        var significant = Array(digits[first...])
        while significant.last == UInt8(ascii: "0") { significant.removeLast() }
        if significant.isEmpty {
            output.append(UInt8(ascii: "0"))
            return true
        }
        if significant.count > significantDigits {
            let roundUp = significant[significantDigits] >= UInt8(ascii: "5")
            significant.removeSubrange(significantDigits...)
            if roundUp {
                var position = significantDigits - 1
                while position >= 0 {
                    if significant[position] == UInt8(ascii: "9") {
                        significant[position] = UInt8(ascii: "0")
                        position -= 1
                    } else {
                        significant[position] += 1
                        break
                    }
                }
                if position < 0 {
                    significant.insert(UInt8(ascii: "1"), at: 0)
                    integerDigits += 1
                }
            }
            while significant.last == UInt8(ascii: "0") { significant.removeLast() }
        }
        if negative { output.append(UInt8(ascii: "-")) }
        if integerDigits <= 0 {
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "."))
            for _ in 0 ..< -integerDigits { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: significant)
        } else if integerDigits >= significant.count {
            output.append(contentsOf: significant)
            for _ in 0 ..< (integerDigits - significant.count) { output.append(UInt8(ascii: "0")) }
        } else {
            output.append(contentsOf: significant[..<integerDigits])
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: significant[integerDigits...])
        }
        return true
    }

    /// The common case, copied as is: `-?D+(.D+)?` already in normal form, at most 15 digits.
    @inline(__always)
    private static func appendFast(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to output: inout [UInt8]) -> Bool {
        var index = start
        if index < end, buffer[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        var digits = 0
        while index < end, buffer[index] >= UInt8(ascii: "0"), buffer[index] <= UInt8(ascii: "9") {
            index += 1
            digits += 1
        }
        let integerLength = index - integerStart
        guard integerLength > 0 else { return false }
        if buffer[integerStart] == UInt8(ascii: "0") {
            // "0" alone, or "0.x" with x not all zeros; "-0" is not normal.
            guard integerLength == 1, integerStart == start || index < end else { return false }
        }
        if index < end {
            guard buffer[index] == UInt8(ascii: ".") else { return false }
            index += 1
            let fractionStart = index
            while index < end, buffer[index] >= UInt8(ascii: "0"), buffer[index] <= UInt8(ascii: "9") {
                index += 1
                digits += 1
            }
            guard index == end, index > fractionStart, buffer[end - 1] != UInt8(ascii: "0") else { return false }
        }
        var significant = digits
        if buffer[integerStart] == UInt8(ascii: "0") {
            // Leading zeros of "0.000x" do not count.
            significant -= 1
            var zero = integerStart + 2
            while zero < end, buffer[zero] == UInt8(ascii: "0") {
                significant -= 1
                zero += 1
            }
        }
        guard significant <= significantDigits else { return false }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        return true
    }
}
