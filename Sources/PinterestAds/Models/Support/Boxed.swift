/// Keeps a large, rarely read nested value (an ad group's optimization goal metadata is 264 bytes
/// inline, a quiz 144) out of line: the property takes one pointer in its struct, and a list of
/// 10,000 ad groups is megabytes smaller. Values stay values: setting one stores a new box,
/// equality and hashing look at the value.
@propertyWrapper
public struct Boxed<Value: Hashable & Sendable>: Hashable, Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box?

    /// Wraps a value (nil takes no box at all).
    public init(wrappedValue: Value?) {
        box = wrappedValue.map(Box.init)
    }

    /// The value.
    public var wrappedValue: Value? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}
