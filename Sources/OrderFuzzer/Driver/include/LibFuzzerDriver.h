#ifndef LIBFUZZER_DRIVER_H
#define LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (libclang_rt.fuzzer, linked by -sanitize=fuzzer): parses libFuzzer's flags from
/// argc/argv and fuzzes `callback` until done, for a program whose `main` is not libFuzzer's own.
///
/// Declared here, not found in a header of the toolchain, so that Swift calls it with the C calling
/// convention. Only fuzz builds (-DFUZZING) call it; other builds never reference the symbol.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
