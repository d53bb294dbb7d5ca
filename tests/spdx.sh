#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# spdx.sh [TREE] - every source file carries the project's SPDX licence
# line near its top (C and headers, scripts, Makefile.am, man pages), so a
# file copied out of the tree still says under which licence it came.
# Prints each file that lacks it and exits 1 if any does. No build, no root.
set -u
cd "${1:-${top_srcdir:-$(dirname "$0")/..}}" || exit 1
tag='SPDX-License-Identifier: GPL-3.0-or-later'
missing=0
while IFS= read -r f; do
	head -3 "$f" | grep -qF "$tag" && continue
	echo "$f: no '$tag' in its first lines"
	missing=1
done < <(find src cli crypto tests bench tools man .ci -type f \
	\( -name '*.[ch]' -o -name '*.sh' -o -name '*.py' -o -name '*.[158]' \
	-o -name Makefile.am -o -path '*/tools/*' -o -path '*/.ci/*' \
	-o -path 'bench/*' ! -name '*.md' -o -path 'tests/fuzz/run' \) \
	! -path 'tests/fuzz/corpus/*' ! -name '*.md' 2>/dev/null | sort)
for f in configure.ac Makefile.am; do
	head -3 "$f" | grep -qF "$tag" || { echo "$f: no '$tag'"; missing=1; }
done
exit $missing
