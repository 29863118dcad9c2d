/// A terminal colour as a theme names it: the terminal's default, an ANSI name, a 256-colour index or RGB.
public struct Color: Equatable, Sendable, CustomStringConvertible {
    /// The 16 ANSI colours, by their index.
    public enum Named: Int, CaseIterable, Sendable {
        /// ANSI 0.
        case black = 0
        /// ANSI 1.
        case red
        /// ANSI 2.
        case green
        /// ANSI 3.
        case yellow
        /// ANSI 4.
        case blue
        /// ANSI 5.
        case magenta
        /// ANSI 6.
        case cyan
        /// ANSI 7.
        case white
        /// ANSI 8.
        case brightBlack
        /// ANSI 9.
        case brightRed
        /// ANSI 10.
        case brightGreen
        /// ANSI 11.
        case brightYellow
        /// ANSI 12.
        case brightBlue
        /// ANSI 13.
        case brightMagenta
        /// ANSI 14.
        case brightCyan
        /// ANSI 15.
        case brightWhite

        /// The name used in theme files (`bright_red`).
        public var name: String {
            let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"][rawValue % 8]
            return rawValue < 8 ? base : "bright_" + base
        }
    }

    /// How the colour was given.
    public enum Value: Equatable, Sendable {
        /// The terminal's own foreground or background.
        case terminalDefault
        /// One of the 16 ANSI colours.
        case named(Named)
        /// An xterm-256 palette index 0–255.
        case indexed(Int)
        /// A 24-bit colour, shown as the nearest xterm-256 colour.
        case rgb(red: Int, green: Int, blue: Int)
    }

    /// How the colour was given.
    public let value: Value

    /// Creates a colour; indexes are clamped to 0–255 and RGB parts to 0–255.
    public init(_ value: Value) {
        switch value {
        case .indexed(let n): self.value = .indexed(min(255, max(0, n)))
        case .rgb(let r, let g, let b):
            self.value = .rgb(red: min(255, max(0, r)), green: min(255, max(0, g)), blue: min(255, max(0, b)))
        default: self.value = value
        }
    }

    /// The terminal's default colour.
    public static let `default` = Color(.terminalDefault)

    /// One of the 16 ANSI colours.
    public static func named(_ n: Named) -> Color { Color(.named(n)) }

    /// A 256-colour palette index (clamped to 0–255).
    public static func indexed(_ n: Int) -> Color { Color(.indexed(n)) }

    /// A 24-bit colour.
    public static func rgb(_ r: Int, _ g: Int, _ b: Int) -> Color { Color(.rgb(red: r, green: g, blue: b)) }

    /// Parses a theme-file colour string: `default`, an ANSI name (`bright_red`), `0`–`255` or `#rrggbb`.
    public static func parse(_ text: String) -> Color? {
        let s = text.trimmingSpaces().lowercased()
        if s == "default" || s == "none" { return .default }
        if let named = Named.allCases.first(where: { $0.name == s || $0.name.replacingUnderscores() == s }) {
            return .named(named)
        }
        if s.first == "#" {
            let hex = s.dropFirst()
            guard hex.count == 6, let v = Int(hex, radix: 16) else { return nil }
            return .rgb((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        }
        if let n = Int(s), (0...255).contains(n) { return .indexed(n) }
        return nil
    }

    /// The colour as a theme file would spell it.
    public var description: String {
        switch value {
        case .terminalDefault: return "default"
        case .named(let n): return n.name
        case .indexed(let n): return String(n)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The xterm-256 index to use, or `nil` for the terminal default.
    public func index256() -> Int? {
        switch value {
        case .terminalDefault: return nil
        case .named(let n): return n.rawValue
        case .indexed(let n): return n
        case .rgb(let r, let g, let b): return Palette.nearest256(red: r, green: g, blue: b)
        }
    }

    /// The nearest of the 8 basic colours (0–7) for terminals that have only those; -1 for the default.
    public func nearest8() -> Int {
        switch value {
        case .terminalDefault: return -1
        case .named(let n): return n.rawValue % 8
        case .indexed(let n) where n < 16: return n % 8
        case .indexed(let n):
            let (r, g, b) = Palette.rgb(ofIndex: n)
            return Palette.nearestBasic(red: r, green: g, blue: b)
        case .rgb(let r, let g, let b): return Palette.nearestBasic(red: r, green: g, blue: b)
        }
    }
}

/// The xterm 256-colour palette and nearest-colour searches.
enum Palette {
    /// The six levels of each channel in the 6×6×6 colour cube (indexes 16–231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The usual xterm RGB values of the 16 ANSI colours.
    static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// RGB of a palette index 0–255.
    static func rgb(ofIndex n: Int) -> (Int, Int, Int) {
        switch n {
        case ..<0: return ansi[0]
        case 0..<16: return ansi[n]
        case 16..<232:
            let i = n - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let level = 8 + 10 * (min(n, 255) - 232)
            return (level, level, level)
        }
    }

    /// The palette index (16–255: cube or grey ramp) closest to an RGB colour.
    static func nearest256(red r: Int, green g: Int, blue b: Int) -> Int {
        func nearestLevel(_ v: Int) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance((r, g, b), (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]))
        let average = (r + g + b) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let grey = 8 + 10 * greyStep
        let greyDistance = distance((r, g, b), (grey, grey, grey))
        return greyDistance < cubeDistance ? 232 + greyStep : cubeIndex
    }

    /// The basic colour (0–7) closest in meaning: greys go to black or white, others by hue.
    static func nearestBasic(red r: Int, green g: Int, blue b: Int) -> Int {
        let maxC = max(r, g, b)
        let minC = min(r, g, b)
        let chroma = maxC - minC
        if chroma < 40 || maxC < 50 {
            return (maxC + minC) / 2 >= 96 ? 7 : 0
        }
        let hue: Double
        let c = Double(chroma)
        if maxC == r {
            hue = (60 * (Double(g - b) / c) + 360).truncatingRemainder(dividingBy: 360)
        } else if maxC == g {
            hue = 60 * (Double(b - r) / c + 2)
        } else {
            hue = 60 * (Double(r - g) / c + 4)
        }
        // Hue sectors, narrower for cyan than for blue because terminal "cyan" reads as light blue-green.
        switch hue {
        case 30..<75: return 3     // yellow (and orange)
        case 75..<165: return 2    // green
        case 165..<200: return 6   // cyan
        case 200..<270: return 4   // blue
        case 270..<330: return 5   // magenta
        default: return 1          // red
        }
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
