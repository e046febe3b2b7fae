extension SchemeCompiler {
    /// Each group's indicator points add up to `total.max` (a warning when they do not).
    mutating func checkPoints(_ items: [Item], groups: [GroupSpec], total: TotalSpec) {
        let indicators = items.filter { $0.section == .indicator }
        guard indicators.contains(where: { $0.points != nil }) else { return }
        let scopes: [String?] = groups.isEmpty ? [nil] : groups.map(\.name)
        for g in scopes {
            let sum = indicators.filter { $0.applies(toGroup: g) || g == nil }
                .compactMap(\.points).reduce(Fixed.zero, +)
            if sum != total.max {
                let whose = g.map { "group \($0)" } ?? "the scheme"
                let loc = g.flatMap { name in groups.first { $0.name == name }?.location } ?? top?.keyLocation("indicators")
                d.warning("the indicator points of \(whose) add up to \(sum), not \(total.max)", at: loc,
                          hint: "set total.max if the full mark is meant to differ")
            }
        }
    }

    /// Items scored on the rate need a target for every unit they apply to. Without a targets
    /// dataset, that means a literal target or one in each group's targets.
    mutating func checkTargets(_ items: [Item], groups: [GroupSpec], hasTargetsDataset: Bool) {
        // A group target naming no item is likely a typo (a warning: the item's name is not a
        // structural key of SPEC §2; an item left without its target is an error of its own).
        // Checked whether or not a targets dataset is declared.
        for g in groups {
            for (name, t) in g.targets.sorted(by: { $0.value.location < $1.value.location }) where !items.contains(where: { $0.name == name }) {
                d.warning("group \(g.name) has a target for '\(name)', which is not an item", at: t.keyLocation ?? t.location,
                        hint: Suggest.nearest(name, in: items.map(\.name)).map { "did you mean '\($0)'?" })
            }
        }
        guard !hasTargetsDataset else { return }   // checked once the data is loaded
        for item in items {
            guard let score = item.score, score.readsRate, case .lookup = item.target else { continue }
            if groups.isEmpty {
                d.error("item \(item.name) is scored on its rate but has no target", at: item.location,
                        hint: "give target: (e.g. target: 80%), or targets per group, or a targets dataset")
                continue
            }
            let missing = groups.filter { item.applies(toGroup: $0.name) && $0.targets[item.name] == nil }.map(\.name)
            if !missing.isEmpty {
                d.error("item \(item.name) is scored on its rate but has no target for group \(missing.joined(separator: ", "))",
                        at: item.location, hint: "add it under groups.\(missing[0]).targets, give target:, or declare a targets dataset")
            }
        }
    }
}
