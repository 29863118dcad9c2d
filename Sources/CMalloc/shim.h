#ifndef PINWATCH_CMALLOC_SHIM_H
#define PINWATCH_CMALLOC_SHIM_H

// The C library allocator, for a process that stays up all day: glibc keeps memory freed after a
// burst (a large account's first refresh decodes 50,000 ads at once) in its arenas unless asked
// to give it back. Elsewhere this does nothing.

#if defined(__GLIBC__)
#include <malloc.h>

/// Returns free memory in every arena to the system.
static inline void pw_release_free_memory(void) {
    malloc_trim(0);
}
#else
static inline void pw_release_free_memory(void) {}
#endif

#endif
