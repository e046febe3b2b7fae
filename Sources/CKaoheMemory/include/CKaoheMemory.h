#ifndef CKAOHE_MEMORY_H
#define CKAOHE_MEMORY_H

/// Tells the C allocator that this process builds large tables, frees them and builds more:
/// keep freed memory for reuse instead of giving it back to the system at each free. Call once,
/// at the start of the process, before any other thread runs. A no-op where the C library
/// is not glibc.
void kaohe_tune_allocator(void);

#endif
