import Foundation

/// Saving the snapshot to the on-disk cache: at most once per `cacheSaveInterval`, one save at a
/// time, never while a status change is pending (its optimistic status is not a fact yet).
extension EngineCore {
    /// Saves now if the last save is old enough, else arms the timer for when it is.
    mutating func requestSave(now: Date) -> [EngineAction] {
        guard hasCache, phase == .running, cacheDirty, !saving, actionsInFlight == 0 else { return [] }
        let due = lastSave.map { $0.addingTimeInterval(configuration.cacheSaveInterval) } ?? now
        guard due <= now else {
            return timers[.save] == nil ? [arm(.save, after: due.timeIntervalSince(now))] : []
        }
        saving = true
        return disarm(.save) + [.save(takeSave(now: now))]
    }

    /// The save to make now: the snapshot and the parts that changed since the last one.
    mutating func takeSave(now: Date) -> CacheSave {
        defer {
            cacheDirty = false
            lastSave = now
            dirtyParts = []
        }
        return CacheSave(snapshot: snapshot, parts: dirtyParts, adGroupPages: adGroupPages, savedAt: now)
    }

    /// A save ended; what it could not write is written by the next one.
    mutating func saveFinished(failed: CacheDatabase.Parts?) -> [EngineAction] {
        saving = false
        if let failed {
            cacheDirty = true
            dirtyParts.formUnion(failed)
        }
        return []
    }
}
