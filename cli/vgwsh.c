/* vgwsh - the vgw shell client (skeleton: the client lands next). */
#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "usage: vgwsh [-s SOCKET] [-c LINE] [-f FILE]\n");
	return 2;
}
