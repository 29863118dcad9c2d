/// A key press, decoded from the terminal.
public enum Key: Equatable, Hashable, Sendable {
    /// A printable character.
    case char(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Enter / Return.
    case enter
    /// Escape (also the first half of an Alt chord).
    case escape
    /// Backspace.
    case backspace
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Delete.
    case delete
    /// Insert.
    case insert
    /// Control plus a letter, as lower case (`ctrl("c")`), or `@ [ \ ] ^ _` / space.
    case ctrl(Character)
    /// Function key F1…F64.
    case function(Int)
}

/// A mouse action at a screen cell.
public struct MouseEvent: Equatable, Sendable {
    /// What the mouse did.
    public enum Kind: Equatable, Sendable {
        /// Button 1 went down (or a click was reported).
        case press
        /// Button 1 went up.
        case release
        /// Button 1 double click.
        case doubleClick
        /// Wheel rolled up.
        case wheelUp
        /// Wheel rolled down.
        case wheelDown
    }

    /// Column, from 0 at the left.
    public var x: Int
    /// Row, from 0 at the top.
    public var y: Int
    /// What happened.
    public var kind: Kind

    /// Creates a mouse event.
    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}
