/// "Did you mean …?": the nearest known word by edit distance.
public enum Suggest {
    /// The candidate nearest to `word`, when it is near enough to be a plausible typo.
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word)
        var best: (String, Int)?
        for c in candidates where c != word {
            let d = distance(w, Array(c))
            let limit = max(1, max(w.count, c.count) / 2)
            guard d <= limit else { continue }
            if let (b, bd) = best, bd < d || (bd == d && b <= c) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// Levenshtein distance over Characters (a CJK character counts as one).
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
