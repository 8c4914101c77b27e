// Counts the process's heap allocations, for fintext-benchmark's allocation figures (glibc only).
#ifndef FINTEXT_MALLOC_COUNTER_H
#define FINTEXT_MALLOC_COUNTER_H
#include <stdint.h>

/// Calls of malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign since the process started.
uint64_t fintext_allocation_calls(void);
/// Bytes those calls asked for.
uint64_t fintext_allocation_bytes(void);
/// Those calls that asked for at least FINTEXT_LARGE_ALLOCATION bytes: activations, gradients and buffers,
/// the allocations whose page faults and zeroing cost time when glibc serves them with mmap.
uint64_t fintext_large_allocation_calls(void);
/// While `on` is non-zero, every counted allocation writes "ALLOC <bytes>" and its raw backtrace
/// (`backtrace_symbols_fd`: module(+offset) [address] per frame) to standard error, for finding where a
/// step allocates (`fintext-benchmark model --trace-allocations`; symbolise with llvm-symbolizer).
void fintext_allocation_trace(int on);
/// 64 KiB, glibc's smallest mmap threshold is 128 KiB.
#define FINTEXT_LARGE_ALLOCATION 65536

#endif
