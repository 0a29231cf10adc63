/* banned.h - functions we never call: unbounded copies, hidden global state,
 * silent conversion failures. Included last by every .c file of ours (via common.h). */
#ifndef OV_BANNED_H
#define OV_BANNED_H
#define OV__BANNED(f) sorry_##f##_is_banned
#undef strcpy
#define strcpy(a, b) OV__BANNED(strcpy)
#undef strcat
#define strcat(a, b) OV__BANNED(strcat)
#undef sprintf
#define sprintf(...) OV__BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) OV__BANNED(vsprintf)
#undef strtok
#define strtok(a, b) OV__BANNED(strtok)
#undef gets
#define gets(a) OV__BANNED(gets)
#undef localtime
#define localtime(t) OV__BANNED(localtime)
#undef gmtime
#define gmtime(t) OV__BANNED(gmtime)
#undef atoi
#define atoi(s) OV__BANNED(atoi)
#undef atol
#define atol(s) OV__BANNED(atol)
#endif
