/*
 * oversight.h - the public entry point of liboversight: result codes, the export
 * macro and the version. Every other public header includes this one.
 *
 * Conventions (docs/internals/conventions.md):
 *  - functions return an int result code (OV_OK or a negative OV_E*);
 *  - the detailed message lives on the handle (ov_store_errmsg, ov_model_errmsg);
 *  - outputs come back through parameters marked OUT;
 *  - the library never exits the process.
 *
 * Thread safety: every header says what may be shared; in general, read-only
 * objects (a model, a built graph, a finished answer or screener) may be read by
 * any number of threads, handles (a store, a normaliser) serve one at a time.
 */
#ifndef OVERSIGHT_H
#define OVERSIGHT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OV_BUILDING_LIBRARY)
#define OV_API __attribute__((visibility("default")))
#else
#define OV_API
#endif

#define OV_VERSION "0.1.0"

/* Result codes with their messages, in one X-macro. */
#define OV_RESULTS(X)                                        \
    X(OK, 0, "ok")                                           \
    X(ENOMEM, -1, "out of memory")                           \
    X(EINVAL, -2, "invalid input")                           \
    X(ENOTFOUND, -3, "not found")                            \
    X(ECORRUPT, -4, "store is corrupt or of an unknown kind") \
    X(EIO, -5, "input/output error")                         \
    X(ETOOBIG, -6, "input exceeds a limit")                  \
    X(EEXIST, -7, "already exists")                          \
    X(EVERSION, -8, "store was written by a newer Oversight") \
    X(EBUSY, -9, "store is busy")                            \
    X(ESTOP, -10, "stopped by the caller")

enum {
#define OV__ENUM(name, value, msg) OV_##name = value,
    OV_RESULTS(OV__ENUM)
#undef OV__ENUM
};

/* The message for a result code; never NULL. */
OV_API const char *ov_strerror(int rc);

/* Frees a string or array the library handed to the caller where its header says
 * "free with ov_free" (answers' JSON, screening texts, yente responses); NULL allowed. */
OV_API void ov_free(void *p);

/* The library version string, e.g. "0.1.0". */
OV_API const char *ov_version(void);

#ifdef __cplusplus
}
#endif
#endif
