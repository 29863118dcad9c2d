import Foundation
import PinterestAds

/// Carrying out the core's sharing actions: the lock, the file watch, reloads and the journal.
/// Every read and write of the cache and the journal goes through the save queue, in order.
extension AdsEngine {
    /// Watches the other processes' writes (before the start asks who leads).
    func startSharing() {
        guard let sharing else { return }
        let watching = sharing.startWatching { [weak self] in
            guard let self else { return }
            self.send(.cacheChangedByOther(now: self.clock.now))
        }
        if !watching { logger.warning("Cannot watch \(sharing.notifyURL.lastPathComponent): following by timer only") }
    }

    /// Stops watching; a leader lets go of the lock and wakes the followers, so one takes over at once.
    func stopSharing() {
        guard let sharing else { return }
        sharing.stopWatching()
        guard sharing.isLeading else { return }
        sharing.resign()
        sharing.notifyOthers()
    }

    func runSharing(_ action: EngineAction) {
        guard let sharing, let cache else { return }
        switch action {
        case .tryLead:
            switch sharing.tryLead() {
            case .leading: send(.becameLeader(now: clock.now))
            case .following(let pid): send(.leaderElsewhere(pid: pid, now: clock.now))
            }
        case .reloadCache:
            let limit = configuration.residentAdsLimit
            spawn(nil) {
                let reload = await self.onSaveQueue {
                    let snapshot = cache.loadSnapshot(fullAdsLimit: limit, ads: false)
                    // Read after the snapshot: a record trimmed meanwhile is in a newer save, whose
                    // wake-up brings another reload.
                    return CacheReload(snapshot: snapshot, ads: cache.loadAds(fullAdsLimit: limit),
                                       pages: cache.loadAdsPages(), journal: sharing.journal.read())
                }
                self.send(.cacheReloaded(reload, now: self.clock.now))
            }
        case .readJournal:
            spawn(nil) {
                let entries = await self.onSaveQueue { sharing.journal.read() }
                self.send(.journalRead(entries, now: self.clock.now))
            }
        case .shareReadBack(let entities):
            saveQueue.async {
                sharing.journal.append(entities)
                sharing.notifyOthers()
            }
        case .notifyOthers(let sequence):
            saveQueue.async {
                if let sequence { sharing.journal.trim(upTo: sequence) }
                sharing.notifyOthers()
            }
        default:
            break
        }
    }
}
