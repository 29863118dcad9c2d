import ScreenGrid

/// Makes a string from the API fit to be a label value.
///
/// Prometheus escapes quotes, backslashes and line feeds itself, but a label value also ends up in
/// Grafana legends, alert messages and terminals (`curl`, `promtool`): controls, escape sequences
/// and bidi overrides are made visible and harmless as on Pinwatch's screen, and a value is cut to
/// `maximumWidth` columns so one long name cannot bloat every scrape.
public enum LabelValue {
    /// The longest a label value may be, in display columns.
    public static let maximumWidth = 120

    /// `raw` sanitized and cut to `maximumWidth` columns.
    public static func clean(_ raw: String) -> String {
        DisplayWidth.truncate(TextSanitizer.sanitize(raw), toWidth: maximumWidth, ellipsis: "…")
    }
}
