import ScreenGrid

/// Numbers in large digits, for reading from across the room: each digit is a 3×5 bitmap drawn
/// with half blocks (▀ ▄ █) on a UTF-8 terminal and with `#` on others, at a scale.
enum BigDigits {
    /// The bitmaps, five rows of three pixels each.
    private static let bitmaps: [Character: [String]] = [
        "0": ["###", "#.#", "#.#", "#.#", "###"],
        "1": [".#.", "##.", ".#.", ".#.", "###"],
        "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", ".##", "..#", "###"],
        "4": ["#.#", "#.#", "###", "..#", "..#"],
        "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"],
        "7": ["###", "..#", "..#", "..#", "..#"],
        "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"],
        "%": ["#.#", "..#", ".#.", "#..", "#.#"],
        "-": ["...", "...", "###", "...", "..."],
    ]

    /// Whether every character of `text` has a large form.
    static func canDraw(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { bitmaps[$0] != nil }
    }

    /// Columns `text` takes at `scale`.
    static func width(_ text: String, scale: Int) -> Int {
        let count = text.count
        return count == 0 ? 0 : count * 3 * scale + (count - 1) * scale
    }

    /// Rows a digit takes at `scale`: half blocks fit two pixel rows in a cell, `#` one.
    static func height(scale: Int, glyphs: Glyphs) -> Int {
        glyphs == .ascii ? 5 * asciiRowsPerPixel(scale) : (5 * scale + 1) / 2
    }

    private static func asciiRowsPerPixel(_ scale: Int) -> Int { max(1, (scale + 1) / 2) }

    /// The lines of `text` at `scale` (only characters `canDraw` accepts are drawn).
    static func lines(_ text: String, scale: Int, glyphs: Glyphs) -> [String] {
        let scale = max(1, scale)
        let pixelRows = glyphs == .ascii ? asciiRowsPerPixel(scale) : scale
        // The whole number as a raster: pixel columns scaled by `scale`, pixel rows by `pixelRows`.
        var raster = Array(repeating: [Bool](), count: 5 * pixelRows)
        for (position, character) in text.enumerated() {
            guard let bitmap = bitmaps[character] else { continue }
            for (row, pattern) in bitmap.enumerated() {
                var line: [Bool] = position > 0 ? Array(repeating: false, count: scale) : []
                for pixel in pattern {
                    line += Array(repeating: pixel == "#", count: scale)
                }
                for copy in 0..<pixelRows { raster[row * pixelRows + copy] += line }
            }
        }
        if glyphs == .ascii {
            return raster.map { String($0.map { $0 ? "#" : " " }) }
        }
        var result: [String] = []
        var row = 0
        while row < raster.count {
            let top = raster[row]
            let bottom = row + 1 < raster.count ? raster[row + 1] : Array(repeating: false, count: top.count)
            result.append(String(zip(top, bottom).map { pair -> Character in
                switch pair {
                case (true, true): "█"
                case (true, false): "▀"
                case (false, true): "▄"
                case (false, false): " "
                }
            }))
            row += 2
        }
        return result
    }
}
