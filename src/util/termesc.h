/* termesc.h - text for a terminal: the bytes of a value that a terminal would
 * act on instead of showing (C0 controls such as ESC and BEL, DEL, the C1
 * controls U+0080..U+009F, and bytes that are not UTF-8, which some terminals
 * read as C1) are written as \xNN, so a record cannot move the cursor, retitle
 * the window or ring the bell (issue 20). Everything else, backslashes
 * included, is written as it is. Used by every text output of the CLI
 * (cli_print_text) and by its error messages. Library-internal. */
#ifndef OV_TERMESC_H
#define OV_TERMESC_H
#include <stddef.h>
#include <stdio.h>
/* Writes s (NULL writes nothing) escaped to f. */
void ov__term_put(FILE *f, const char *s);
/* Writes s escaped into out (n bytes, always NUL-terminated when n > 0,
 * truncated at a character boundary); returns the length written. */
size_t ov__term_escape(char *out, size_t n, const char *s);
#endif
