/* corridor — version of the headers (COR_VERSION) and of the library the
 * program runs with (cor_version()).  CMake reads the project version from
 * the three numbers below: change it here. */
#ifndef CORRIDOR_VERSION_H
#define CORRIDOR_VERSION_H

#define COR_VERSION_MAJOR 0
#define COR_VERSION_MINOR 1
#define COR_VERSION_PATCH 0
#define COR__VSTR_(x) #x
#define COR__VSTR(x) COR__VSTR_(x)
/* "MAJOR.MINOR.PATCH" */
#define COR_VERSION COR__VSTR(COR_VERSION_MAJOR) "." COR__VSTR(COR_VERSION_MINOR) "." COR__VSTR(COR_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH" (static string). */
const char *cor_version(void);

#ifdef __cplusplus
}
#endif
#endif
