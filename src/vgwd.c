/* vgwd - one vgw router instance (skeleton: the daemon lands next). */
#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "usage: vgwd -d STATE_DIR -s SOCKET [-f]\n");
	return 2;
}
