// Replaces glibc's allocation entry points in the fintext-benchmark executable by counting wrappers around
// glibc's own implementations (__libc_malloc & co., exported for exactly this use), so the benchmark can report
// how many heap allocations a training step makes. Linked into the benchmark only; the library never uses it.
#include "malloc_counter.h"

#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Atomic uint64_t calls;
static _Atomic uint64_t bytes;
static _Atomic uint64_t large;

static _Atomic int tracing;
static _Thread_local int inTrace;

void fintext_allocation_trace(int on) {
    if (on) {
        // backtrace() loads libgcc on its first call, which allocates: do that before tracing starts.
        void *frames[2];
        backtrace(frames, 2);
    }
    atomic_store_explicit(&tracing, on, memory_order_relaxed);
}

// One line "ALLOC <bytes>" then the raw frames (module(+offset) [address]), written without allocating.
static void trace(size_t size) {
    if (!atomic_load_explicit(&tracing, memory_order_relaxed) || inTrace) return;
    inTrace = 1;
    char line[32] = "ALLOC ";
    int n = 6;
    char digits[24];
    int d = 0;
    do {
        digits[d++] = (char)('0' + size % 10);
        size /= 10;
    } while (size > 0 && d < 24);
    while (d > 0) line[n++] = digits[--d];
    line[n++] = '\n';
    ssize_t ignored = write(2, line, (size_t)n);
    (void)ignored;
    void *frames[24];
    int depth = backtrace(frames, 24);
    backtrace_symbols_fd(frames, depth, 2);
    inTrace = 0;
}

static inline void count(size_t size) {
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, size, memory_order_relaxed);
    if (size >= FINTEXT_LARGE_ALLOCATION) atomic_fetch_add_explicit(&large, 1, memory_order_relaxed);
    trace(size);
}

uint64_t fintext_allocation_calls(void) { return atomic_load_explicit(&calls, memory_order_relaxed); }
uint64_t fintext_allocation_bytes(void) { return atomic_load_explicit(&bytes, memory_order_relaxed); }
uint64_t fintext_large_allocation_calls(void) { return atomic_load_explicit(&large, memory_order_relaxed); }

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
    count(count_ * size);
    return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    count(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}
