import Testing
@testable import Kaohe

/// Groups and teams numbered in order of first appearance, as a dictionary of every unit's
/// name would number them.
@Suite struct UnitNamesInOrderTests {
    @Test func numberedInOrderOfFirstAppearance() {
        // Groups: 一类 一类 (none) 二类 一类 "" 二类 二类.
        let groups: [String?] = ["一类", "一类", nil, "二类", "一类", "", "二类", "二类"]
        let units = groups.enumerated().map { UnitRecord(name: "镇\($0.offset)", group: $0.element, team: nil, location: SourceLocation(file: "u.csv", line: $0.offset + 2)) }
        let named = UnitNamesInOrder(units) { $0[$1].group }
        #expect(named.names == ["一类", "二类", ""])
        #expect(named.of == [0, 0, -1, 1, 0, 2, 1, 1])
        // A unit's text left out (here: the empty one) is none.
        let skipped = UnitNamesInOrder(units) { units, u in units[u].group.flatMap { $0.isEmpty ? nil : $0 } }
        #expect(skipped.names == ["一类", "二类"])
        #expect(skipped.of == [0, 0, -1, 1, 0, -1, 1, 1])
    }

    /// Two spellings of one text (é composed, then e and a combining acute) are one text, as a
    /// dictionary keyed by `String` has them; texts are compared by their bytes first.
    @Test func equivalentSpellingsAreOneText() {
        let teams: [String?] = ["Caf\u{E9}", "Cafe\u{301}", "Cafe", "Caf\u{E9}"]
        let units = teams.enumerated().map { UnitRecord(name: "镇\($0.offset)", group: nil, team: $0.element, location: SourceLocation(file: "u.csv", line: $0.offset + 2)) }
        let named = UnitNamesInOrder(units) { $0[$1].team }
        #expect(named.names.count == 2)
        #expect(named.of == [0, 0, 1, 0])
    }
}
