import Foundation

/// Saving the snapshot to the on-disk cache: at most once per `cacheSaveInterval`, one save at a
/// time, never while a status change is pending (its optimistic status is not a fact yet).
extension EngineCore {
    /// Saves now if the last save is old enough, else arms the timer for when it is.
    mutating func requestSave(now: Date) -> [EngineAction] {
        guard mayWriteCache, phase == .running, cacheDirty, !saving, actionsInFlight == 0 else { return [] }
        // A leader saves every change at once: its followers show what it saved.
        let interval = role == .leading ? 0 : configuration.cacheSaveInterval
        let due = lastSave.map { $0.addingTimeInterval(interval) } ?? now
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
            journalInSave = journalFolded
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
        guard role == .leading, phase == .running else { return [] }
        var actions: [EngineAction] = []
        if failed == nil {
            // The journal's records folded into this save are in the cache now.
            let trim = journalInSave > journalTrimmed ? journalInSave : nil
            journalTrimmed = max(journalTrimmed, journalInSave)
            actions.append(.notifyOthers(trimJournalUpTo: trim))
        }
        // Changes that came while saving are saved next (a failed save is retried a second later).
        if cacheDirty, timers[.save] == nil { actions.append(arm(.save, after: failed == nil ? 0 : 1)) }
        return actions
    }

    /// Whether this process writes the snapshot to the cache (a follower does not).
    var mayWriteCache: Bool {
        guard hasCache else { return false }
        switch role {
        case .solo, .leading: return true
        case .deciding, .following: return false
        }
    }
}
