import Testing
@testable import KaoheReports

@Suite("Number text")
struct NumberTextTests {
    @Test("Fixed places, half away from zero, on the digits", arguments: [
        ("2.345", 2, "2.35"),
        ("-2.345", 2, "-2.35"),
        ("0.005", 2, "0.01"),
        ("9.995", 2, "10.00"),
        ("0.125", 2, "0.13"),
        ("0.124999", 2, "0.12"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("1.005", 2, "1.01"),
        ("0", 2, "0.00"),
        ("-0", 2, "0.00"),
        ("-0.001", 2, "0.00"),
        ("-0.005", 2, "-0.01"),
        ("12", 2, "12.00"),
        ("12.3", 3, "12.300"),
        (".5", 1, "0.5"),
        ("5.", 1, "5.0"),
        ("+7.25", 1, "7.3"),
        ("007.50", 1, "7.5"),
        ("999.999", 2, "1000.00"),
        ("25.6", -1, "26"),
    ])
    func fixed(text: String, places: Int, expected: String) {
        #expect(formatFixed(text, places: places) == expected)
    }

    @Test("Fixed places with thousands separators")
    func fixedGrouped() {
        #expect(formatFixed("-1234567.891", places: 2, grouping: true) == "-1,234,567.89")
        #expect(formatFixed("1234567.891", places: 2, grouping: true) == "1,234,567.89")
        #expect(formatFixed("999999.995", places: 2, grouping: true) == "1,000,000.00")
        #expect(formatFixed("320000000", places: 0, grouping: true) == "320,000,000")
        #expect(formatFixed("0.5", places: 2, grouping: true) == "0.50")
    }

    @Test("Thousands separators", arguments: [
        ("1000", "1,000"),
        ("999", "999"),
        ("100", "100"),
        ("0", "0"),
        ("1234567", "1,234,567"),
        ("1234567.891", "1,234,567.891"),
        ("-1234567.891", "-1,234,567.891"),
        ("12345678.5", "12,345,678.5"),
        ("-100000", "-100,000"),
        ("0012345", "12,345"),
    ])
    func thousands(text: String, expected: String) {
        #expect(groupingThousands(text) == expected)
    }

    @Test("Percentages from fractions", arguments: [
        ("0.64", 2, "64.00%"),
        ("1.2", 2, "120.00%"),
        ("1", 2, "100.00%"),
        ("0", 2, "0.00%"),
        ("0.123456", 2, "12.35%"),
        ("-0.05", 2, "-5.00%"),
        ("0.00005", 2, "0.01%"),
        ("0.12345", 1, "12.3%"),
        (".5", 0, "50%"),
        ("12.3456", 2, "1234.56%"),
    ])
    func percent(text: String, places: Int, expected: String) {
        #expect(formatPercent(text, places: places) == expected)
    }

    @Test("Arbitrary-length digit strings")
    func longNumbers() {
        let big = "123456789012345678901234567890.125"
        #expect(formatFixed(big, places: 2) == "123456789012345678901234567890.13")
        #expect(formatFixed(big, places: 2, grouping: true) == "123,456,789,012,345,678,901,234,567,890.13")
        #expect(formatFixed("9999999999999999999999.5", places: 0) == "10000000000000000000000")
        #expect(formatFixed("0.00000000000000000000000005", places: 25) == "0.0000000000000000000000001")
    }

    @Test("Text that is not a plain decimal passes through")
    func passThrough() {
        for text in ["—", "", "-", ".", "1e5", "1,234", "12a", "1.2.3", "--1", "NaN"] {
            #expect(formatFixed(text, places: 2) == text)
            #expect(groupingThousands(text) == text)
            #expect(formatPercent(text) == text)
        }
    }
}
