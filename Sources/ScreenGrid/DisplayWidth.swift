/// Terminal column widths of text, per grapheme cluster, following Unicode East Asian Width.
///
/// A cluster is as wide as its first scalar that is not zero-width: 2 for East Asian Wide and
/// Fullwidth characters and for emoji presentation, 1 otherwise. A cluster that is an emoji
/// sequence (an emoji with VS16 U+FE0F, or joins emoji with ZWJ U+200D) is 2. Combining marks,
/// format characters (ZWJ, ZWSP, U+FEFF, bidi controls), variation selectors and controls are 0.
public enum DisplayWidth {
    /// Display width of a whole string: the sum of its grapheme clusters' widths.
    public static func of(_ s: String) -> Int {
        if let width = simpleWidth(s) { return width }
        var total = 0
        for character in s { total += of(character) }
        return total
    }

    /// Display width of one grapheme cluster: 0, 1 or 2.
    public static func of(_ c: Character) -> Int {
        if let ascii = c.asciiValue {
            return (ascii >= 0x20 && ascii < 0x7F) ? 1 : 0
        }
        let scalars = c.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        if iterator.next() == nil {
            return width(of: first)
        }
        return clusterWidth(scalars)
    }

    /// The width of `s` when every scalar in it is one column and a grapheme of its own (printable
    /// ASCII, Latin letters, common punctuation, box drawing and block elements: most of what a
    /// table shows, sparklines included); nil otherwise. Then width, scalars and characters all
    /// count the same, which lets layout skip grapheme breaking.
    static func simpleWidth(_ s: String) -> Int? {
        var count = 0
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E, 0xA1...0xAC, 0xAE...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2500...0x259F:
                count += 1
            default:
                return nil
            }
        }
        return count
    }

    /// Display width of one scalar on its own (0, 1 or 2).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if v < 0x1100 { return 1 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Whether `scalar` takes no column of its own (marks, format characters, controls, …).
    public static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return true }
        if v < 0x300 { return false }
        if v == 0x200B || v == 0x200D || v == 0xFEFF { return true }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }  // Hangul medial/final jamo
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format, .control:
            return true
        default:
            return false
        }
    }

    // MARK: - Clusters

    private static func clusterWidth(_ scalars: Character.UnicodeScalarView) -> Int {
        var base: Unicode.Scalar?
        var hasVS16 = false
        var hasVS15 = false
        var hasZWJ = false
        var emojiCount = 0
        for scalar in scalars {
            switch scalar.value {
            case 0xFE0F: hasVS16 = true
            case 0xFE0E: hasVS15 = true
            case 0x200D: hasZWJ = true
            default:
                if scalar.properties.isEmoji && scalar.value >= 0x80 { emojiCount += 1 }
                if base == nil && !isZeroWidth(scalar) { base = scalar }
            }
        }
        guard let base else { return 0 }
        if hasVS16 && !hasVS15 && base.properties.isEmoji { return 2 }
        if hasZWJ && emojiCount >= 2 { return 2 }
        if (0x1F1E6...0x1F1FF).contains(base.value) { return 2 }  // regional indicator (flag) pair
        if hasVS15 && !isWide(base.value) { return 1 }
        return width(of: base)
    }

    // MARK: - East Asian Wide / Fullwidth table (emoji are covered by isEmojiPresentation)

    private static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound {
                high = mid - 1
            } else if v > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x303E, 0x3041...0x3096,
        0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E5, 0x31EF...0x321E,
        0x3220...0x3247, 0x3250...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B,
        0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132,
        0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F004...0x1F004,
        0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
        0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
