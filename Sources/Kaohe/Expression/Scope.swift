/// Where an expression stands, which decides what its names mean (SPEC §4).
public enum Level: String, Sendable {
    /// `where`, `sum`, a dataset expression's `value`: a record's columns.
    case record
    /// `score`, derived `value`, `when`, `amount`, conditions: items and unit fields.
    case unit
}

/// What a name resolves to, as the checker sees it.
public enum Resolution: Sendable, Equatable {
    /// Known here, with its type; `item` names the item it reads, for dependency order.
    case found(ValueType, item: String? = nil)
    /// Known, but not usable here; the message says why (e.g. a unit-level name in a `where`).
    case misplaced(String)
    case unknown
}

/// The names visible to one expression. The scheme compiler builds one per place.
public protocol NameScope {
    var level: Level { get }
    func resolve(_ name: String) -> Resolution
    /// `base.field` where `base` is a plain name (`X.rate`, `unit.COLUMN`).
    func resolveMember(_ base: String, _ field: String) -> Resolution
    func table(_ name: String) -> Table?
    /// Names to suggest when a name is unknown.
    var candidates: [String] { get }
}
