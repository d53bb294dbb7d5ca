#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# layers.sh [TREE] - dependencies run one way (DESIGN.md, Layout): every
# #include "..." in src/, cli/ and crypto/ is resolved as the compiler does
# (the including file's folder, then src/, then the top) and checked against
# what the including file's layer may use. Prints FILE:LINE: and the rule for
# each include that breaks one, and exits 1 if any does. Reads the sources
# only: no build, no root.
set -u
cd "${1:-${top_srcdir:-$(dirname "$0")/..}}" || exit 1

# The layer of a file, by its folder; "" for a folder with no rule yet.
layer() {
	case $1 in
	src/lib/*)	echo lib ;;
	src/config/*)	echo config ;;
	src/route/*)	echo route ;;
	src/engine/pkt.h) echo wire ;;	# the engine's wire formats, for src/ipsec too
	src/engine/*)	echo engine ;;
	src/ipsec/*)	echo ipsec ;;
	src/ike/*)	echo ike ;;
	src/dataplane/*) echo dataplane ;;
	src/sslvpn/*)	echo sslvpn ;;
	src/*/*)	echo "" ;;
	src/*)		echo top ;;
	cli/vgwsh/*)	echo vgwsh ;;
	cli/*)		echo cli ;;
	crypto/*)	echo crypto ;;
	*)		echo "" ;;
	esac
}

# The rule of a layer: ONLY (the layers it may include, itself among them)
# or NOT (those it may not), and WHY, printed when it is broken.
rule() {
	ONLY="" NOT=""
	case $1 in
	lib)	ONLY="lib"
		WHY="src/lib includes only src/lib (and system headers)" ;;
	# crypto/ is a leaf (it includes nothing of ours): the model takes
	# its tunnels' ESP algorithms and type-6 key texts from it
	config)	ONLY="lib config crypto"
		WHY="src/config includes only src/lib, src/config and crypto/" ;;
	route)	ONLY="lib config route"
		WHY="src/route includes only src/lib, src/config and src/route" ;;
	engine)	NOT="dataplane top cli vgwsh"
		WHY="src/engine (no I/O) includes nothing from src/dataplane, the top floor (src/*.h) or cli/" ;;
	wire)	ONLY="wire"
		WHY="src/engine/pkt.h (wire formats) includes nothing of the project" ;;
	ipsec)	ONLY="lib config route wire ipsec crypto"
		WHY="src/ipsec (no I/O) includes src/lib, src/config, src/route, the engine's wire formats (engine/pkt.h) and crypto/, nothing else of the engine, nor src/dataplane or cli/" ;;
	ike)	ONLY="lib config route wire ipsec crypto ike"
		WHY="src/ike includes src/lib, src/config, src/route, the engine's wire formats (engine/pkt.h), src/ipsec, crypto/ and itself, nothing else of the engine, nor src/dataplane, the top floor or cli/" ;;
	# the server is lent the event loop and the engine's port through
	# struct sslvpn_env: it includes neither
	sslvpn)	ONLY="lib config wire crypto sslvpn"
		WHY="src/sslvpn includes only src/lib, src/config, the engine's wire formats (engine/pkt.h), crypto/ and itself: the event loop and the engine's port come through struct sslvpn_env" ;;
	dataplane) NOT="top cli vgwsh"
		WHY="src/dataplane includes nothing from the top floor (router.h, mgmt_server.h, event.h, shell.h) or cli/" ;;
	top)	NOT="cli vgwsh"
		WHY="src/ never includes cli/: the daemon is given its shell (src/shell.h)" ;;
	cli)	NOT="vgwsh"
		WHY="the daemon-side shell shares no code with the vgwsh client" ;;
	vgwsh)	ONLY="lib vgwsh"
		WHY="cli/vgwsh includes only src/lib and its own folder" ;;
	crypto)	ONLY="crypto"
		WHY="crypto/ includes nothing from src/ or cli/" ;;
	esac
}

# Whether word is in the blank-separated list.
in_list() {
	case " $2 " in *" $1 "*) return 0 ;; esac
	return 1
}

# The file an include names, relative to the top; "" if none exists.
resolve() {	# INCLUDING_FILE NAME
	local p
	for p in "$(dirname "$1")/$2" "src/$2" "$2"; do
		[ -f "$p" ] && { echo "${p#./}"; return; }
	done
	echo ""
}

fails=0 seen=0
fail() {
	echo "$1: $2"
	fails=$((fails + 1))
}

while IFS=: read -r file line text; do
	seen=$((seen + 1))
	name=${text#*\"}
	name=${name%%\"*}
	from=$(layer "$file")
	if [ -z "$from" ]; then
		fail "$file:$line" "no layer rule for $(dirname "$file")/: add one to tests/layers.sh"
		continue
	fi
	# configure's output, in the build tree: settings, not code
	[ "$name" = autoconf.h ] && continue
	case $name in
	*..*)	fail "$file:$line" "#include \"$name\": name a header from src/ or the top, not with .."
		continue ;;
	esac
	target=$(resolve "$file" "$name")
	if [ -z "$target" ]; then
		fail "$file:$line" "#include \"$name\": no such header in the tree"
		continue
	fi
	to=$(layer "$target")
	rule "$from"
	if { [ -n "$ONLY" ] && ! in_list "$to" "$ONLY"; } ||
	    { [ -n "$NOT" ] && in_list "$to" "$NOT"; }; then
		fail "$file:$line" "#include \"$name\" ($target): $WHY"
	fi
done < <(grep -rnE --include='*.[ch]' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
    src cli crypto)

# a wrong TREE would otherwise pass with nothing checked
if [ "$seen" = 0 ]; then
	echo "layers.sh: no includes found under $(pwd)"
	exit 1
fi
[ "$fails" = 0 ] || { echo "layers.sh: $fails include(s) break the layering"; exit 1; }
echo "layers.sh: $seen includes follow the layering"
