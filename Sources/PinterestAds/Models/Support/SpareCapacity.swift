extension Array {
    /// The same elements in a buffer without spare room. An array that grew by appending may hold
    /// up to twice the memory its elements need (10,000 ad groups grow into room for 16,384);
    /// what stays in memory for hours is worth one copy.
    public func withoutSpareCapacity() -> [Element] {
        guard capacity > count + count / 16 else { return self }
        return withUnsafeBufferPointer { Array($0) }
    }
}
