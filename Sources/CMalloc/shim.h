#ifndef PINWATCH_CMALLOC_SHIM_H
#define PINWATCH_CMALLOC_SHIM_H

// The C library allocator's knobs, for a process that stays up all day. glibc keeps memory freed
// after a burst (a large account's first refresh decodes 50,000 ads at once) in its arenas, and
// by default lets large allocations grow its heap instead of mapping them; both leave a long
// running dashboard holding memory it no longer uses. Elsewhere these do nothing.

#if defined(__GLIBC__)
#include <malloc.h>

/// Large blocks (256 KB and up: row arrays, page buffers) are mapped and unmapped on their own,
/// so freeing them gives the memory back at once; free space at the top of the heap over 4 MB is
/// returned too.
static inline void pw_tune_allocator(void) {
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
}

/// Returns free memory in every arena to the system.
static inline void pw_release_free_memory(void) {
    malloc_trim(0);
}
#else
static inline void pw_tune_allocator(void) {}
static inline void pw_release_free_memory(void) {}
#endif

#endif
