/* fuzz_jsonl.c - libFuzzer target for the FtM JSON lines / delta reader. */
#include "fuzz_reader.h"
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    return fuzz_reader(data, size, OV_FMT_ENTITIES);
}
