/*
 * pgpair: entry point.  Global options, the subcommand table, and the exit
 * status contract: 0 valid, 1 invalid, 2 usage or I/O error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	puts(PACKAGE_STRING);
	return 0;
}
