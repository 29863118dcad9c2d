import AdsCache
import Testing

@Suite("XDG directories")
struct XDGTests {
    @Test("an absolute XDG value is used, a relative or empty one falls back under HOME")
    func baseDirectories() {
        #expect(XDG.pinwatchDirectory(.config, environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path
                == "/x/pinwatch")
        #expect(XDG.pinwatchDirectory(.config, environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]).path
                == "/h/.config/pinwatch")
        #expect(XDG.pinwatchDirectory(.cache, environment: ["XDG_CACHE_HOME": "", "HOME": "/h"]).path
                == "/h/.cache/pinwatch")
        #expect(XDG.pinwatchDirectory(.state, environment: ["HOME": "/h"]).path == "/h/.local/state/pinwatch")
        #expect(CacheFiles.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/c"]).path == "/c/pinwatch")
        #expect(CacheFiles.defaultStateDirectory(environment: ["HOME": "/h"]).path == "/h/.local/state/pinwatch")
    }
}
