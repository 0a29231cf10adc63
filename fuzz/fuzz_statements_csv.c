/* fuzz_statements_csv.c - libFuzzer target for the FtM 4 statements CSV reader. */
#include "fuzz_reader.h"
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    return fuzz_reader(data, size, OV_FMT_STATEMENTS);
}
