/// Text made safe in HTML (and inline SVG): in element content and in quoted attribute
/// values alike, `&` `<` `>` `"` `'` become character references.
///
/// ```swift
/// HTMLEscape.text("A&B<x>")   // "A&amp;B&lt;x&gt;"
/// ```
enum HTMLEscape {
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and line breaks are not allowed in HTML.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
