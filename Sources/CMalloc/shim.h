#ifndef PINWATCH_CMALLOC_SHIM_H
#define PINWATCH_CMALLOC_SHIM_H

// The C library allocator, for a process that stays up all day: glibc keeps memory freed after a
// burst (a refresh of 10,000 ad groups lets go of megabytes) in its arenas unless asked to give it
// back, and gives each busy thread an arena of its own, each holding on to its own free memory.
// Elsewhere this does nothing.

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ (no compiler does), so it must come before the test
#endif

#if defined(__GLIBC__)
#include <malloc.h>

/// Returns free memory in every arena to the system.
static inline void pw_release_free_memory(void) {
    malloc_trim(0);
}

/// Caps the number of allocator arenas (call before threads start allocating).
static inline void pw_limit_arenas(int count) {
    mallopt(M_ARENA_MAX, count);
}
#else
static inline void pw_release_free_memory(void) {}
static inline void pw_limit_arenas(int count) { (void)count; }
#endif

#endif
