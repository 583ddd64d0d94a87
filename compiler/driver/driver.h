/*
 * driver.h: the subcommands of the `rog` command, one function each, called
 * from main.c with argv[0] set to the subcommand's own name.
 * Every function returns the process exit status (0 ok, 2 usage or errors,
 * as the go command does).
 */
#ifndef ROG_DRIVER_H
#define ROG_DRIVER_H

int driver_version(int argc, char **argv);
int driver_tool_compile(int argc, char **argv);
int driver_tool_opt(int argc, char **argv);

#endif
