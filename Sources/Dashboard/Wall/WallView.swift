import AdsCache
import Foundation
import PinterestAds
import ScreenGrid

/// The wall: one account at a time in large digits — ad groups running, paused and disabled, ads
/// rejected and pending review, the share of the daily budgets spent — then spend and pacing in
/// words, the age of the data and the latest alerts.
enum WallView {
    /// Largest digit scale used (at 300 columns).
    static let maxScale = 8
    /// Share of the height the digits may take, so the alerts keep room.
    static let digitsShare = 0.55

    /// One large number and its label.
    struct Tile {
        var label: String
        var value: String
        var role: StyleRole
    }

    /// Draws the wall for `state` into `grid` (the whole screen), shifted by the burn-in offset.
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ wall: WallState) {
        let shift = wall.shift(at: state.now)
        let area = Rect(x: shift.x, y: shift.y, width: grid.width - 1, height: grid.height - 1)
        let accounts = state.wallAccounts
        let index = wall.index(at: state.now, count: accounts.count)
        let health = accounts.indices.contains(index) ? state.health(of: accounts[index]) : nil
        let glyphs = state.glyphs
        header(&grid, state, health, position: accounts.isEmpty ? nil : (index + 1, accounts.count), area)
        let footerRow = area.maxY - 1
        let messageRow = footerRow - 1
        footer(&grid, state, area, row: footerRow)
        guard let health else {
            let text = "Waiting for the ad accounts" + glyphs.ellipsis
            grid.put(text, x: area.x + max(0, (area.width - DisplayWidth.of(text)) / 2), y: area.y + area.height / 2,
                     role: .dim)
            drawMessage(&grid, state, area, row: messageRow)
            return
        }
        let tiles = tiles(health, state)
        // Besides the digits: the header and a blank line, spend, age, the alerts' title and two
        // alerts, message and footer. The digits take at most about half of a tall screen.
        let room = min(max(Int(Double(area.height) * digitsShare), 13), area.height - 10)
        let columns = 3
        let tileWidth = area.width / columns
        // One scale for every account (three digits fit), so the wall does not jump as it cycles;
        // a longer value is drawn smaller in its tile.
        let scale = Self.scale(for: ["888"], tileWidth: tileWidth - 2, rowsRoom: room, glyphs: glyphs)
        let digitRows = scale.map { BigDigits.height(scale: $0, glyphs: glyphs) } ?? 1
        let tileHeight = 1 + digitRows
        var y = area.y + 2
        for row in 0..<2 {
            for column in 0..<columns {
                let position = row * columns + column
                guard tiles.indices.contains(position) else { continue }
                let rect = Rect(x: area.x + column * tileWidth, y: y, width: tileWidth, height: tileHeight)
                draw(&grid, tiles[position], rect, scale: scale, glyphs: glyphs)
            }
            y += tileHeight + 1
        }
        spendLine(&grid, state, health, area, row: y)
        ageLine(&grid, state, health, area, row: y + 1)
        alerts(&grid, state, health, area, from: y + 2, to: messageRow)
        drawMessage(&grid, state, area, row: messageRow)
    }

    /// The largest scale at which every value fits a tile and two rows of tiles fit `rowsRoom`;
    /// nil: not even the smallest does, and the values are written as text.
    static func scale(for values: [String], tileWidth: Int, rowsRoom: Int, glyphs: Glyphs) -> Int? {
        for scale in stride(from: maxScale, through: 1, by: -1) {
            let height = 2 * (1 + BigDigits.height(scale: scale, glyphs: glyphs)) + 1
            let fits = values.allSatisfy { !BigDigits.canDraw($0) || BigDigits.width($0, scale: scale) <= tileWidth }
            if height <= rowsRoom && fits { return scale }
        }
        return nil
    }

    /// The six numbers of an account.
    static func tiles(_ health: AccountHealth, _ state: AppState) -> [Tile] {
        let dash = "-"
        func count(_ value: Int, _ role: StyleRole, quietWhenZero: Bool = false) -> (String, StyleRole) {
            guard health.isLoaded else { return (dash, .dim) }
            return (String(value), quietWhenZero && value == 0 ? .dim : role)
        }
        let running = count(health.adGroupsRunning, .statusRunning)
        let paused = count(health.adGroupsPaused, .statusPaused)
        let disabled = count(health.adGroupsDisabled, .statusDisabled, quietWhenZero: true)
        let rejected = count(health.adsRejected, .reviewRejected, quietWhenZero: true)
        let pending = count(health.adsPendingReview, .reviewPending, quietWhenZero: true)
        var budget = (dash, StyleRole.dim)
        if health.isLoaded, let used = health.budgetUsed {
            let pace = health.pace(at: state.now, timeZone: state.timeZone) ?? 0
            budget = (Format.percent(used), used >= 1 || pace >= paceWarning ? .warning : .normal)
        }
        return [
            Tile(label: "AD GROUPS RUNNING", value: running.0, role: running.1),
            Tile(label: "PAUSED", value: paused.0, role: paused.1),
            Tile(label: "DISABLED", value: disabled.0, role: disabled.1),
            Tile(label: "ADS REJECTED", value: rejected.0, role: rejected.1),
            Tile(label: "PENDING REVIEW", value: pending.0, role: pending.1),
            Tile(label: "DAILY BUDGET SPENT", value: budget.0, role: budget.1),
        ]
    }

    /// Pacing from which spend is shown as a warning (30 % ahead of an even day).
    static let paceWarning = 1.3

    private static func draw(_ grid: inout CellGrid, _ tile: Tile, _ rect: Rect, scale: Int?, glyphs: Glyphs) {
        let label = DisplayWidth.truncate(tile.label, toWidth: rect.width - 2, ellipsis: glyphs.ellipsis)
        grid.put(label, x: rect.x + max(1, (rect.width - DisplayWidth.of(label)) / 2), y: rect.y, role: .title)
        let fitting = scale.flatMap { largest in
            stride(from: largest, through: 1, by: -1).first { BigDigits.width(tile.value, scale: $0) <= rect.width - 2 }
        }
        guard let scale = fitting, BigDigits.canDraw(tile.value) else {
            let text = DisplayWidth.truncate(tile.value, toWidth: rect.width - 2, ellipsis: glyphs.ellipsis)
            grid.put(text, x: rect.x + max(1, (rect.width - DisplayWidth.of(text)) / 2), y: rect.y + 1, role: tile.role)
            return
        }
        let lines = BigDigits.lines(tile.value, scale: scale, glyphs: glyphs)
        let x = rect.x + max(1, (rect.width - BigDigits.width(tile.value, scale: scale)) / 2)
        for (offset, line) in lines.enumerated() {
            grid.put(line, x: x, y: rect.y + 1 + offset, role: tile.role, maxWidth: rect.width - 1)
        }
    }

    private static func header(_ grid: inout CellGrid, _ state: AppState, _ health: AccountHealth?,
                               position: (Int, Int)?, _ area: Rect) {
        var left = [Segment(" Pinwatch wall ", .headerAccent)]
        if let health {
            left.append(Segment(" " + clean(state, health.title), .headerAccent))
            left.append(Segment(" (" + clean(state, health.accountID) + ")", .header))
            if let currency = health.account?.currency {
                left.append(Segment("  " + clean(state, currency.rawValue), .header))
            }
        }
        var right: [Segment] = []
        if let (index, count) = position, count > 1 { right.append(Segment("\(index)/\(count)  ", .header)) }
        if state.readOnly { right.append(Segment(" READ-ONLY ", .badge)) }
        right.append(Segment("  " + Format.clock(state.now, state.timeZone) + " ", .header))
        Drawing.line(&grid, x: area.x, y: area.y, width: area.width, fill: .header, left: left, right: right,
                     ellipsis: state.glyphs.ellipsis)
    }

    private static func spendLine(_ grid: inout CellGrid, _ state: AppState, _ health: AccountHealth, _ area: Rect,
                                  row: Int) {
        let money = MoneyFormatter(currency: health.account?.currency.map {
            Currency(rawValue: clean(state, $0.rawValue))
        }, asciiOnly: state.glyphs == .ascii)
        var segments = [Segment(" Spend today ", .title)]
        guard health.isLoaded else {
            Drawing.line(&grid, x: area.x, y: row, width: area.width, fill: .normal,
                         left: segments + [Segment(" loading" + state.glyphs.ellipsis, .dim)], ellipsis: state.glyphs.ellipsis)
            return
        }
        segments.append(Segment(" " + money.format(micros: health.spendToday), .normal))
        if health.dailyBudget > 0 {
            segments.append(Segment(" of " + money.format(micros: health.dailyBudget) + " daily budget", .normal))
            let fraction = AccountHealth.dayFraction(at: state.now, timeZone: state.timeZone)
            segments.append(Segment("  " + Format.percent(fraction) + " of the day gone", .dim))
            if let pace = health.pace(at: state.now, timeZone: state.timeZone) {
                let words = pace >= paceWarning ? "ahead of pace" : pace < 0.7 ? "behind pace"
                    : "on pace"
                segments.append(Segment("  " + words, pace >= paceWarning ? .warning : .dim))
            }
        } else {
            segments.append(Segment("  no daily budgets on running ad groups", .dim))
        }
        Drawing.line(&grid, x: area.x, y: row, width: area.width, fill: .normal, left: segments,
                     ellipsis: state.glyphs.ellipsis)
    }

    private static func ageLine(_ grid: inout CellGrid, _ state: AppState, _ health: AccountHealth, _ area: Rect,
                                row: Int) {
        var segments = [Segment(" Data ", .title)]
        if let asOf = health.dataAsOf {
            segments.append(Segment(" from " + Format.time(asOf, state.timeZone) + " (" + Format.age(state.now.timeIntervalSince(asOf)) + ")",
                                    state.now.timeIntervalSince(asOf) > staleAfter ? .warning : .normal))
        } else {
            segments.append(Segment(" not loaded yet", .dim))
        }
        if let error = health.error {
            segments.append(Segment("  " + state.glyphs.emDash + " " + clean(state, error), .warning))
        }
        Drawing.line(&grid, x: area.x, y: row, width: area.width, fill: .normal, left: segments,
                     ellipsis: state.glyphs.ellipsis)
    }

    /// Data older than this is shown as a warning on the wall.
    static let staleAfter: TimeInterval = 30 * 60

    private static func alerts(_ grid: inout CellGrid, _ state: AppState, _ health: AccountHealth, _ area: Rect,
                               from top: Int, to bottom: Int) {
        guard top < bottom else { return }
        grid.put(" Latest alerts", x: area.x, y: top, role: .title, maxWidth: area.width)
        guard !health.alerts.isEmpty else {
            grid.put("  none", x: area.x, y: top + 1, role: .dim, maxWidth: area.width)
            return
        }
        for (offset, event) in health.alerts.prefix(max(0, bottom - top - 1)).enumerated() {
            let text = "  " + EventText.line(event, timeZone: state.timeZone, glyphs: state.glyphs)
            Drawing.line(&grid, x: area.x, y: top + 1 + offset, width: area.width, fill: .normal,
                         left: [Segment(text, MessageView.role(EventText.severity(event)))], ellipsis: state.glyphs.ellipsis)
        }
    }

    private static func drawMessage(_ grid: inout CellGrid, _ state: AppState, _ area: Rect, row: Int) {
        guard let message = state.message, row > area.y + 1 else { return }
        let role = MessageView.role(message.severity)
        Drawing.line(&grid, x: area.x, y: row, width: area.width, fill: .normal, left: [Segment(" " + message.text, role)],
                     ellipsis: state.glyphs.ellipsis)
    }

    private static func footer(_ grid: inout CellGrid, _ state: AppState, _ area: Rect, row: Int) {
        let ascii = state.glyphs == .ascii
        let hints: [(String, String)] = [
            (ascii ? "l" : "→", "next"), (ascii ? "h" : "←", "previous"), ("Enter", "dashboard"), ("?", "help"),
            ("q", "quit"),
        ]
        var segments: [Segment] = [Segment(" ", .dim)]
        for (key, text) in hints {
            segments.append(Segment(key, .helpKey))
            segments.append(Segment(" " + text + "  ", .dim))
        }
        let cycle = state.wall.map { "next account every " + Format.duration($0.cycle) + " " } ?? ""
        Drawing.line(&grid, x: area.x, y: row, width: area.width, fill: .normal, left: segments,
                     right: [Segment(cycle, .dim)], ellipsis: "")
    }

    private static func clean(_ state: AppState, _ text: String) -> String {
        TextSanitizer.sanitize(text, mode: state.glyphs == .ascii ? .ascii : .unicode)
    }
}
