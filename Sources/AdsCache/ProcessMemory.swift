import CMalloc

/// How a long-running Pinwatch process keeps its memory to what it uses (glibc; nothing elsewhere).
public enum ProcessMemory {
    /// Returns free memory to the system; called after a burst of work, such as a large account's
    /// first ads listing, which decodes tens of thousands of ads and lets go of them.
    public static func releaseFree() {
        pw_release_free_memory()
    }
}
