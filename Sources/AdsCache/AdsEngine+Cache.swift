import Foundation
import PinterestAds

/// Saving the snapshot to the on-disk cache: at most once per `cacheSaveInterval`, never while a
/// status change is pending (its optimistic status is not a fact yet), off the caller's thread.
extension AdsEngine {
    /// Saves soon if the snapshot changed: now if the last save is old enough, else when it is.
    func requestSave() {
        guard cache != nil else { return }
        let now = clock.now
        let saveNow = state.withLock { state -> Bool in
            guard state.phase == .running, state.cacheDirty, !state.saving, state.actionsInFlight == 0 else {
                return false
            }
            let due = state.lastSave.map { $0.addingTimeInterval(configuration.cacheSaveInterval) } ?? now
            if due <= now {
                state.saving = true
                state.saveTimer?.cancel()
                state.saveTimer = nil
                return true
            }
            if state.saveTimer == nil {
                state.saveTimer = clock.schedule(after: due.timeIntervalSince(now), repeating: nil) { [weak self] in
                    self?.state.withLock { $0.saveTimer = nil }
                    self?.requestSave()
                }
            }
            return false
        }
        guard saveNow else { return }
        saveQueue.async {
            self.saveNow()
            self.state.withLock { $0.saving = false }
        }
    }

    /// Writes the current snapshot to the cache (on `saveQueue`).
    func saveNow() {
        guard let cache else { return }
        let now = clock.now
        let (snapshot, parts, pages) = state.withLock { state -> (Snapshot, CacheDatabase.Parts, ListingPages?) in
            state.cacheDirty = false
            state.lastSave = now
            defer { state.dirtyParts = [] }
            return (store.current, state.dirtyParts, state.adGroupPages)
        }
        do {
            try cache.saveSnapshot(snapshot, savedAt: now, parts: parts, adGroupPages: pages)
        } catch {
            state.withLock {
                $0.cacheDirty = true
                $0.dirtyParts.formUnion(parts)
            }
            logger.warning("Saving the cache failed: \(CacheDatabase.describe(error))")
        }
    }
}
