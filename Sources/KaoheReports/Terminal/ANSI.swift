/// A tiny ANSI text styler that is either on or off.
///
/// `TerminalStyle` does no I/O: the caller decides whether colour is wanted, usually with
/// ``detect(environment:isTTY:)``, and passes the result to whatever renders text. When it is
/// disabled every method returns its argument unchanged, so the same rendering code serves
/// terminals, pipes and files.
///
/// Each style closes itself with its own reset code (bold and dim with `ESC[22m`, colours with
/// `ESC[39m`), so styles nest: `style.bold(style.red("否决"))`. ``displayWidth(_:)`` ignores the
/// escape codes, so styled cells still line up in a ``TextTable``.
///
/// ```swift
/// let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment,
///                                  isTTY: isatty(STDOUT_FILENO) != 0)
/// print(style.red("否决") + " " + style.dim("(1 项)"))
/// ```
public struct TerminalStyle: Sendable, Hashable {
    /// Whether the methods add escape codes.
    public let isEnabled: Bool

    /// A style that adds escape codes when `enabled` is `true` and leaves text alone otherwise.
    public init(enabled: Bool) {
        self.isEnabled = enabled
    }

    /// A disabled style: plain text.
    public static let plain = TerminalStyle(enabled: false)

    /// The style to use for an output stream, decided from facts the caller gathers.
    ///
    /// Colour is off when `NO_COLOR` is set to a non-empty value (see https://no-color.org),
    /// when `TERM` is `dumb`, or when the output is not a terminal; otherwise it is on.
    ///
    /// - Parameters:
    ///   - environment: The process environment, e.g. `ProcessInfo.processInfo.environment`.
    ///   - isTTY: Whether the output stream is a terminal, e.g. `isatty(STDOUT_FILENO) != 0`.
    public static func detect(environment: [String: String], isTTY: Bool) -> TerminalStyle {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
        if environment["TERM"] == "dumb" { return .plain }
        return TerminalStyle(enabled: isTTY)
    }

    /// `text` in bold.
    public func bold(_ text: String) -> String { wrap(text, on: "1", off: "22") }

    /// `text` dimmed (faint).
    public func dim(_ text: String) -> String { wrap(text, on: "2", off: "22") }

    /// `text` in red.
    public func red(_ text: String) -> String { wrap(text, on: "31", off: "39") }

    /// `text` in green.
    public func green(_ text: String) -> String { wrap(text, on: "32", off: "39") }

    /// `text` in yellow.
    public func yellow(_ text: String) -> String { wrap(text, on: "33", off: "39") }

    private func wrap(_ text: String, on: String, off: String) -> String {
        guard isEnabled, !text.isEmpty else { return text }
        return "\u{1B}[\(on)m\(text)\u{1B}[\(off)m"
    }
}
