// Counts the process's heap allocations, for fintext-benchmark's allocation figures (glibc only).
#ifndef FINTEXT_MALLOC_COUNTER_H
#define FINTEXT_MALLOC_COUNTER_H
#include <stdint.h>

/// Calls of malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign since the process started.
uint64_t fintext_allocation_calls(void);
/// Bytes those calls asked for.
uint64_t fintext_allocation_bytes(void);

#endif
