/// Turns API enum values into labels people read: `LANDING_PAGE_BROKEN` → "Landing page broken".
public enum HumanLabel {
    /// Values whose generic form would read badly (acronyms, symbols, terse codes).
    static let overrides: [String: String] = [
        "UGC": "User-generated content",
        "NAR": "NAR",
        "APP": "App",
        "UNK": "Unknown",
        "CBO_ADGROUP": "CBO ad group",
        "VIDEO_V_50_MRC": "Video 50% viewed (MRC)",
        "CLICKTHROUGH": "Click-through",
        "TARGET_AVG": "Target average",
        "IMAGE_BEFORE_AFTER": "Image before/after",
        "INCONSISTENT_LANG_FR": "Inconsistent language (French)",
        "PINTEREST_BRAND": "Pinterest brand",
        "NO_DISCLOSURE": "No disclosure",
        "MAX_WIDTH_REGULAR_COLLECTION": "Max-width regular collection",
        "MAX_WIDTH_VIDEO_COLLECTION": "Max-width video collection",
        "SHOP_THE_PIN": "Shop the Pin",
        "DIRECT_TO_DESTINATION": "Direct to destination",
        "CLOSEUP": "Close-up",
    ]

    /// The label for a raw value; unknown values get the same readable treatment.
    public static func label(for raw: String) -> String {
        if let label = overrides[raw] { return label }
        let words = raw.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
        guard !words.isEmpty else { return raw }
        let sentence = words.map { $0.lowercased() }.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
