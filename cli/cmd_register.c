/* cmd_register - the one list of command modules; see cmd.h. */
#include "cmd.h"

void
cmd_register_all(struct cli_def *cli)
{
	cmd_register_nav(cli);
	cmd_register_terminal(cli);
	cmd_register_global(cli);
	cmd_register_interface(cli);
	cmd_register_route(cli);
	cmd_register_commit(cli);
	cmd_register_show(cli);
}
