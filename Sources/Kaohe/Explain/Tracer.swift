/// Collects explanations while the engine evaluates, for the units asked about.
///
/// A reference type so that the evaluation stages can add to it without threading it
/// through every return value; nil in ordinary runs, which then pay nothing for it.
public final class Tracer: @unchecked Sendable {
    /// Unit names to explain.
    public let unitNames: Set<String>
    /// The language of the explanations' words (labels, formulas, notes); names from the
    /// scheme and the data stay as written.
    public let language: Language
    var units: Set<Int> = []
    var explanations: [Int: UnitExplanation] = [:]
    /// [unit][item name] → records
    var counted: [Int: [String: [RecordLine]]] = [:]
    var leftOut: [Int: [String: [RecordLine]]] = [:]
    var afterAsOf: [Int: [String: [RecordLine]]] = [:]

    public init(units: Set<String>, language: Language = .zh) {
        self.unitNames = units
        self.language = language
    }

    func bind(_ ledger: Ledger) {
        units = Set(unitNames.compactMap { ledger.unitIndex[$0] })
    }

    func traces(_ u: Int) -> Bool { units.contains(u) }

    public func explanation(of unit: String) -> UnitExplanation? {
        explanations.values.first { $0.unit == unit }
    }

    public var all: [UnitExplanation] { explanations.keys.sorted().compactMap { explanations[$0] } }

    func add(_ kind: RecordKind, unit: Int, item: String, _ line: RecordLine) {
        switch kind {
        case .counted: counted[unit, default: [:]][item, default: []].append(line)
        case .leftOut: leftOut[unit, default: [:]][item, default: []].append(line)
        case .afterAsOf: afterAsOf[unit, default: [:]][item, default: []].append(line)
        }
    }

    enum RecordKind { case counted, leftOut, afterAsOf }

    func update(_ u: Int, _ state: UnitState, _ f: (inout UnitExplanation) -> Void) {
        var e = explanations[u] ?? UnitExplanation(unit: state.ledger.units[u].name, group: state.ledger.units[u].group,
                                                   team: state.ledger.units[u].team)
        f(&e)
        explanations[u] = e
    }
}
