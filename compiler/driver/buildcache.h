/*
 * buildcache.h: the package object cache of `rog build` / `rog run`
 * (buildcache.c has the design). One entry per compiled package, keyed by a
 * SHA-256 over everything the object depends on.
 */
#ifndef ROG_DRIVER_BUILDCACHE_H
#define ROG_DRIVER_BUILDCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define BUILDCACHE_KEY_HEX 65 /* 64 hex digits + NUL */

typedef struct BuildCache {
  char *dir;   /* NULL: the cache is off */
  char *salt;  /* hex SHA-256 of the compiler binary and the build settings */
  size_t hits; /* statistics for -x style reporting and tests */
  size_t misses;
} BuildCache;

/* Opens the cache named by $ROGCACHE ("off" disables it), else
 * $XDG_CACHE_HOME/rog-build, else $HOME/.cache/rog-build. settings is a
 * string naming every build setting that changes objects (GOARCH, -O, pass
 * lists, bitcode or not). Never fails: on any problem the cache is off and
 * a warning is printed once. */
void buildcache_open(BuildCache *c, const char *settings);
void buildcache_close(BuildCache *c);

/* The key of a package: the salt, its import path (as symbols will name
 * it), the names and contents of its files, and the keys of the packages
 * it imports (dep_keys, ndeps, in the package's import order). Returns 0,
 * or -1 if a file cannot be read (then the package is simply not cached). */
int buildcache_key(const BuildCache *c, const char *import_path, const char *dir, char *const *files,
                   size_t nfiles, char (*dep_keys)[BUILDCACHE_KEY_HEX], size_t ndeps,
                   char out[BUILDCACHE_KEY_HEX]);

/* Copies the cached object for key to dst. Returns true on a hit. */
bool buildcache_get(BuildCache *c, const char *key, const char *dst);

/* Stores the object at src under key (atomically: a temporary file renamed
 * into place, so concurrent builds never see half an entry). Failures only
 * warn. */
void buildcache_put(BuildCache *c, const char *key, const char *src);

#endif
