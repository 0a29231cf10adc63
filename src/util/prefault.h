/* prefault.h - mapping fresh memory on the other processor while this one works.
 *
 * A page of fresh anonymous memory is mapped at its first write: about 1.1 us
 * on the benchmark machine, as long as the work that writes it for the
 * analyses that touch a few megabytes of scratch (the OFAC rule at 10 M
 * companies: 3,000 pages, half its time). ov__prefault_start hands the regions
 * to a thread that maps them (MADV_POPULATE_WRITE: the page tables only, no
 * byte is written), so that the caller's writes find them mapped. It changes
 * no memory, so it may run over memory the caller is writing, reallocating or
 * freeing. */
#ifndef OV_PREFAULT_H
#define OV_PREFAULT_H
#include <stdbool.h>
#include <stddef.h>

typedef struct ov__prefault ov__prefault;

/* Starts mapping the n regions (p[i], len[i] bytes; NULL or short ones are
 * skipped): the first n_first one after another (the caller needs them
 * first), then the next n_now a chunk of each in turn (the caller fills them
 * side by side from their starts), then the others one after another. NULL
 * when nothing was started (no thread, no support, or too little to map): the
 * caller's writes then fault as they would have. */
ov__prefault *ov__prefault_start(void *const *p, const size_t *len, int n, int n_first, int n_now);
/* Whether the thread has gone through every region (for tests: then the caller's
 * writes find them mapped, whatever the machine's load). */
bool ov__prefault_finished(ov__prefault *h);
/* Stops the thread (after the chunk it is mapping), waits for it and frees the
 * handle; NULL is ignored. */
void ov__prefault_join(ov__prefault *h);
#endif
