/*
 * xdefs.h: `rog tool link -X importpath.name=value` (gc's -X): an object
 * file with strong definitions of string variables. See xdefs.c.
 */
#ifndef ROG_DRIVER_XDEFS_H
#define ROG_DRIVER_XDEFS_H

#include <stddef.h>

/* Checks one -X argument (importpath.name=value). Returns NULL if it is
 * well-formed, else the error message (static). */
const char *xdefs_check(const char *def);

/* Writes an object for goarch defining, for each "importpath.name=value"
 * of defs (checked by xdefs_check; a later definition of the same name
 * wins, as in gc), the string variable importpath.name = value. Returns 0,
 * or -1 after printing an error. */
int xdefs_write_object(const char *path, char **defs, size_t n, const char *goarch);

#endif
