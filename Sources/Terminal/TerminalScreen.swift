import CNCurses
import ScreenGrid
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, through ncurses: draws ``CellGrid``s and reads keys, mouse and resizes.
///
/// Not thread-safe: create, use and shut it down on the UI thread only. Wake that thread from
/// elsewhere with a ``WakeSignal``.
public final class TerminalScreen {
    /// Whether the locale is UTF-8; if not, use ``Glyphs/ascii`` and ``TextMode/ascii``.
    public let isUTF8: Bool
    /// The text mode matching the locale.
    public var textMode: TextMode { isUTF8 ? .unicode : .ascii }
    /// What colours are in use after setup.
    private(set) var capability: ColorCapability = .monochrome

    private let options: TerminalOptions
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var lastGrid: CellGrid?
    private var encoder: CellEncoder
    private var styleByRole: [StyleRole: (attributes: attr_t, pair: Int16)] = [:]
    private var buffer: [wchar_t] = []
    /// Whether the app itself reads SGR (1006) mouse reports, because this terminal's terminfo
    /// has ncurses read only X10 ones, which cannot name a column past 223.
    private var decodesSGRMouse = false
    /// Whether SGR mouse mode was asked for since mouse reporting last started.
    private var sgrMouseSent = false

    /// Takes over the terminal: full-screen, raw keys (Ctrl-C and Ctrl-Z arrive as keys), no echo,
    /// hidden cursor, non-blocking reads, mouse reporting and colours as available.
    public init(options: TerminalOptions = TerminalOptions()) throws(TerminalError) {
        self.options = options
        TerminalGuard.install()
        setlocale(LC_ALL, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        isUTF8 = ["UTF-8", "UTF8"].contains(codeset.uppercased())
        encoder = CellEncoder(unicode: isUTF8)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else { throw .noTerm }
        TerminalGuard.handleStopRequests()  // before newterm, so ncurses leaves SIGTSTP to us
        // newterm, unlike initscr, returns NULL for an unknown TERM instead of exiting.
        guard let screen = newterm(nil, pw_stdout(), pw_stdin()) else {
            TerminalGuard.stopHandlingStopRequests()
            throw .unknownTerminal(term)
        }
        set_term(screen)
        // Without cursor addressing (TERM=dumb) every frame would scroll by: say so instead.
        guard pw_tigetstr("cup") != nil else {
            endwin()
            delscreen(screen)
            TerminalGuard.stopHandlingStopRequests()
            throw .cannotAddressCursor(term)
        }
        self.screen = screen
        window = pw_stdscr()
        TerminalGuard.setCursesActive(true)
        TerminalGuard.wakeOnResize()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        intrflush(window, false)
        leaveok(window, true)
        _ = curs_set(0)
        set_escdelay(options.escapeDelayMs)
        setUpColors()
        Self.defineCommonKeySequences()
        if options.mouse {
            var previous: mmask_t = 0
            let granted = mousemask(mmask_t(MouseMasks.ncurses.all), &previous)
            _ = mouseinterval(options.mouseIntervalMs)
            TerminalGuard.setMouseEnabled(granted != 0)
            // ncurses reads SGR reports itself when terminfo's kmous is `ESC [ <` (xterm); else
            // (screen, tmux) ask for them anyway: a terminal without SGR mode ignores the request
            // and goes on sending X10 reports, which ncurses reads.
            if granted != 0, key_defined(SGRMouse.introducer) == 0,
               define_key(SGRMouse.introducer, SGRMouse.keyCode) == OK {
                decodesSGRMouse = true
            }
        }
        apply(theme: .builtinDefault)
    }

    /// Teaches ncurses the Home/End/Delete sequences that terminals send when TERM names a
    /// slightly different terminal (common inside tmux and screen), so those keys always work.
    private static func defineCommonKeySequences() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
            ("\u{1B}[3~", KEY_DC), ("\u{1B}[2~", KEY_IC), ("\u{1B}[Z", KEY_BTAB),
            ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
        ]
        for (sequence, code) in sequences where key_defined(sequence) == 0 {
            _ = define_key(sequence, code)
        }
    }

    deinit {
        shutdown()
    }

    /// Columns and rows of the terminal.
    public var size: (width: Int, height: Int) {
        guard let window else { return (0, 0) }
        return (Int(pw_getmaxx(window)), Int(pw_getmaxy(window)))
    }

    // MARK: - Colours

    private func setUpColors() {
        let noColorEnv = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        var hasColors = has_colors() && !options.noColor && !noColorEnv
        var defaultColors = false
        if hasColors {
            hasColors = start_color() == OK
            defaultColors = hasColors && use_default_colors() == OK
        }
        capability = ColorCapability.detect(
            hasColors: hasColors, colors: Int(pw_colors()), colorPairs: Int(pw_color_pairs()),
            defaultColors: defaultColors, noColor: false, roles: StyleRole.allCases.count)
    }

    /// Uses `theme` for every following draw (and repaints everything on the next one).
    public func apply(theme: Theme) {
        let plan = StylePlanner.plan(theme: theme, capability: capability)
        styleByRole.removeAll(keepingCapacity: true)
        for (index, role) in StyleRole.allCases.enumerated() {
            guard let style = plan[role] else { continue }
            var pair: Int16 = 0
            if capability != .monochrome {
                pair = Int16(index + 1)
                _ = init_pair(pair, Int16(style.fg), Int16(style.bg))
            }
            styleByRole[role] = (Self.ncursesAttributes(style.attributes), pair)
        }
        lastGrid = nil
    }

    static func ncursesAttributes(_ attributes: Attributes) -> attr_t {
        var result = pw_a_normal()
        if attributes.contains(.bold) { result |= pw_a_bold() }
        if attributes.contains(.underline) { result |= pw_a_underline() }
        if attributes.contains(.reverse) { result |= pw_a_reverse() }
        if attributes.contains(.dim) { result |= pw_a_dim() }
        if attributes.contains(.italic) { result |= pw_a_italic() }
        return result
    }

    // MARK: - Drawing

    /// Shows `grid`. Does nothing if it equals the grid drawn last; otherwise rewrites the screen
    /// buffer and lets ncurses send only the cells that changed (it never clears the screen).
    public func draw(_ grid: CellGrid) {
        guard let window, grid != lastGrid else { return }
        werase(window)
        let (screenWidth, screenHeight) = size
        let rows = min(grid.height, screenHeight)
        let columns = min(grid.width, screenWidth)
        for y in 0..<max(0, rows) {
            drawRow(grid, y: y, columns: columns, window: window)
        }
        // Links to send: a span whose cells changed keeps the screen's old cells in the window
        // for now, so this refresh leaves them to be sent inside the link.
        let links = grid.links.isEmpty ? [] : linksToSend(grid, previous: lastGrid)
        var unchanged: [LinkSpan] = []
        for span in links {
            if let previous = lastGrid, previous.width == grid.width, previous.height == grid.height,
               cells(of: span, in: previous) != cells(of: span, in: grid) {
                drawRow(previous, y: span.y, columns: span.x + span.width, window: window, from: span.x)
            } else {
                unchanged.append(span)
            }
        }
        if decodesSGRMouse && !sgrMouseSent {
            // Also after a suspend: ncurses turns mouse reporting back on, but knows nothing of 1006.
            _ = putp(SGRMouse.enable)
            sgrMouseSent = true
        }
        wrefresh(window)
        if !links.isEmpty { sendLinks(grid, links, unchanged: unchanged, window: window) }
        lastGrid = grid
    }

    /// The link spans that are new, or whose cells changed, and fit on the screen.
    private func linksToSend(_ grid: CellGrid, previous: CellGrid?) -> [LinkSpan] {
        let (screenWidth, screenHeight) = size
        return grid.links.filter { span in
            guard span.x + span.width <= screenWidth, span.y < screenHeight else { return false }
            guard let previous, previous.width == grid.width, previous.links.contains(span) else { return true }
            return cells(of: span, in: previous) != cells(of: span, in: grid)
        }
    }

    private func cells(of span: LinkSpan, in grid: CellGrid) -> ArraySlice<Cell> {
        let start = span.y * grid.width + span.x
        return grid.cells[start..<start + span.width]
    }

    /// Sends the cells of `links` inside OSC 8 hyperlinks. ncurses knows nothing of hyperlinks,
    /// so each span is drawn between the link's start and end while the screen still shows
    /// something else there: ncurses then sends exactly those cells while the link is open. A span
    /// whose cells did not change (a link on text already shown) is first drawn as other
    /// characters and sent, so that it differs. Unchanged spans cost nothing.
    private func sendLinks(_ grid: CellGrid, _ links: [LinkSpan], unchanged: [LinkSpan],
                           window: UnsafeMutablePointer<WINDOW>) {
        if !unchanged.isEmpty {
            _ = pw_wattr_set(window, pw_a_normal(), 0)
            for span in unchanged {
                for x in span.x..<span.x + span.width where wmove(window, Int32(span.y), Int32(x)) == OK {
                    // Any character other than the cell's own.
                    _ = waddnwstr(window, [wchar_t(grid[x, span.y].text == "?" ? 0x21 : 0x3F)], 1)
                }
            }
            wrefresh(window)
        }
        for span in links {
            writeRaw(TerminalSignals.hyperlinkStart(span.url))
            drawRow(grid, y: span.y, columns: span.x + span.width, window: window, from: span.x)
            wrefresh(window)
            writeRaw(TerminalSignals.hyperlinkEnd)
        }
    }

    private func drawRow(_ grid: CellGrid, y: Int, columns: Int, window: UnsafeMutablePointer<WINDOW>, from: Int = 0) {
        let rowBase = y * grid.width
        var runStart = from
        var runRole: StyleRole?
        buffer.removeAll(keepingCapacity: true)
        var x = from
        while x < columns {
            let cell = grid.cells[rowBase + x]
            if cell.isContinuation {
                x += 1
                continue
            }
            let wide = x + 1 < grid.width && grid.cells[rowBase + x + 1].isContinuation
            let width = wide ? 2 : 1
            if x + width > columns { break }  // never half a wide character at a narrower screen's edge
            if cell.role != runRole {
                flush(window: window, y: y, x: runStart, role: runRole)
                runStart = x
                runRole = cell.role
            }
            encoder.append(cell.text, width: width, to: &buffer)
            x += width
        }
        flush(window: window, y: y, x: runStart, role: runRole)
    }

    /// Writes the buffered run. A run ending in the bottom-right cell makes ncurses report an error
    /// (the cursor cannot advance past it) after the cell has been written; that is ignored.
    private func flush(window: UnsafeMutablePointer<WINDOW>, y: Int, x: Int, role: StyleRole?) {
        guard let role, !buffer.isEmpty else { return }
        let style = styleByRole[role] ?? (pw_a_normal(), 0)
        _ = pw_wattr_set(window, style.attributes, style.pair)
        if wmove(window, Int32(y), Int32(x)) == OK {
            _ = waddnwstr(window, buffer, Int32(buffer.count))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: - Input

    /// Every event waiting right now (never blocks); empty when there is none.
    public func readEvents() -> [TerminalEvent] {
        guard let window else { return [] }
        var events: [TerminalEvent] = []
        var continued = false
        if TerminalGuard.takeStopRequest() {
            suspend()  // `kill -TSTP` from outside: stop from this thread, as Ctrl-Z does
            continued = true
        }
        if TerminalGuard.takeContinued() {
            resume()
            continued = true
        }
        if continued { events.append(.resize(width: size.width, height: size.height)) }
        var character: wint_t = 0
        for _ in 0..<4096 {
            let status = wget_wch(window, &character)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                let code = Int32(truncatingIfNeeded: character)
                switch code {
                case KEY_RESIZE:
                    lastGrid = nil
                    let event = TerminalEvent.resize(width: size.width, height: size.height)
                    if case .resize = events.last { events.removeLast() }
                    events.append(event)
                case KEY_MOUSE:
                    var mouse = MEVENT()
                    if getmouse(&mouse) == OK {
                        events += MouseDecoder.events(bstate: UInt(mouse.bstate), x: Int(mouse.x), y: Int(mouse.y))
                            .map { .mouse($0) }
                    }
                case SGRMouse.keyCode:
                    if let mouse = readSGRMouseReport(window) { events.append(.mouse(mouse)) }
                default:
                    if let key = KeyDecoder.key(forKeyCode: code) { events.append(.key(key)) }
                }
            } else if let key = KeyDecoder.key(forCharacter: UInt32(character)) {
                events.append(.key(key))
            }
        }
        return events
    }

    /// Reads the rest of an SGR mouse report after its introducer: `b;x;y` and `M` or `m`.
    /// The terminal sends it in one write; should it arrive split, wait for the rest briefly.
    private func readSGRMouseReport(_ window: UnsafeMutablePointer<WINDOW>) -> MouseEvent? {
        wtimeout(window, 50)
        defer { nodelay(window, true) }
        var parameters = ""
        var character: wint_t = 0
        while parameters.utf8.count < SGRMouse.longestParameters {
            guard wget_wch(window, &character) == OK, let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            if scalar == "M" || scalar == "m" {
                return SGRMouse.event(parameters: parameters, final: Character(scalar))
            }
            parameters.unicodeScalars.append(scalar)
        }
        return nil
    }

    /// Turns SGR mouse mode off again, before the terminal goes back to the shell.
    private func stopSGRMouse() {
        guard decodesSGRMouse, sgrMouseSent else { return }
        _ = putp(SGRMouse.disable)
        sgrMouseSent = false
    }

    // MARK: - Lifecycle

    /// Stops the process like Ctrl-Z would (raw mode delivers Ctrl-Z as a key, so the app calls this):
    /// leaves full-screen mode and stops; returns after `fg`, when the next ``draw(_:)`` repaints
    /// the whole screen once (ncurses puts the terminal back in raw mode on that refresh).
    /// Does nothing when the process was started with SIGTSTP ignored (no shell could resume it).
    public func suspend() {
        guard window != nil, TerminalGuard.canStop else { return }
        stopSGRMouse()
        _ = endwin()
        fflush(pw_stdout())
        TerminalGuard.stopProcess()
        resume()
    }

    /// Asks for a full repaint on the next ``draw(_:)``, after the process was stopped and
    /// continued. Calling it again before that draw costs nothing more: one repaint either way.
    public func resume() {
        guard window != nil else { return }
        _ = TerminalGuard.takeContinued()
        _ = curs_set(0)
        clearok(pw_curscr(), true)
        lastGrid = nil
        sgrMouseSent = false
    }

    /// Gives the terminal back: mouse reporting off, cursor shown, settings restored. Safe to call twice.
    public func shutdown() {
        guard let screen else { return }
        if options.mouse {
            stopSGRMouse()
            var previous: mmask_t = 0
            _ = mousemask(0, &previous)
        }
        _ = curs_set(1)
        _ = endwin()
        TerminalGuard.setCursesActive(false)
        TerminalGuard.setMouseEnabled(false)
        TerminalGuard.stopHandlingStopRequests()
        TerminalGuard.restoreSavedTermios()
        delscreen(screen)
        self.screen = nil
        window = nil
        lastGrid = nil
    }
}
