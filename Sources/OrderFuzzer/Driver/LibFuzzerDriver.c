// Only the declaration in include/LibFuzzerDriver.h: the definition is libFuzzer's. A C target needs a source file.
#include "LibFuzzerDriver.h"
