/// Whether the terminal is known to show OSC 8 hyperlinks. Unknown terminals get none: one that
/// does not understand the sequence may show it as text. Inside tmux or screen the outer terminal
/// is not known, so none there either (set `hyperlinks = true` in config.toml).
enum Hyperlinks {
    static func knownToWork(environment: [String: String]) -> Bool {
        if environment["TMUX"] != nil || environment["STY"] != nil { return false }
        if let program = environment["TERM_PROGRAM"],
           ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper"].contains(program) { return true }
        if environment["KITTY_WINDOW_ID"] != nil || environment["WT_SESSION"] != nil { return true }
        if let vte = environment["VTE_VERSION"].flatMap(Int.init), vte >= 5000 { return true }
        let term = environment["TERM"] ?? ""
        return term.hasPrefix("xterm-kitty") || term.hasPrefix("foot") || term.hasPrefix("alacritty")
            || term == "xterm-ghostty"
    }
}
