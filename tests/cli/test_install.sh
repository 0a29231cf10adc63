# A library people can use (issue 15): `cmake --install` into a fresh prefix puts the
# CLI, liboversight.so and .a, the headers, oversight.pc, the man page and the bash
# completion there; docs/examples/owners.c builds against the installed prefix through
# `pkg-config --cflags --libs oversight` and answers as the CLI does.
. "$TESTS/cli/lib.sh"
: "${OV_BUILD:?}"
if [ ! -e "$OV_BUILD/liboversight.so" ]; then
  echo "no shared library in this build (sanitizer or fuzz build): skipped"
  exit 77
fi
PREFIX="$WORK/prefix"
cmake --install "$OV_BUILD" --prefix "$PREFIX" >install.log 2>&1 || { cat install.log; exit 1; }
for f in bin/oversight include/oversight/oversight.h include/oversight/explain.h share/man/man1/oversight.1 \
         share/bash-completion/completions/oversight; do
  [ -e "$PREFIX/$f" ] && pass || fail "$f not installed"
done
LIBDIR=$(dirname "$(find "$PREFIX" -name liboversight.so -print -quit)")
[ -n "$LIBDIR" ] && [ -e "$LIBDIR/liboversight.a" ] && [ -e "$LIBDIR/pkgconfig/oversight.pc" ] && pass \
  || fail "liboversight.so, .a and oversight.pc not installed side by side: $(find "$PREFIX" -name 'liboversight*')"
# only the public API is exported from the shared library
if nm -D --defined-only "$LIBDIR/liboversight.so" | awk '{print $3}' | grep -v '^ov_' | grep -qv '^_'; then
  fail "symbols other than ov_* exported: $(nm -D --defined-only "$LIBDIR/liboversight.so" | awk '{print $3}' | grep -v '^ov_' | head -5)"
else pass; fi
nm -D --defined-only "$LIBDIR/liboversight.so" | grep -q ' ov__' && fail "library-internal ov__ symbols exported" || pass
# the example, built as a user would
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
flags=$(pkg-config --cflags --libs oversight) || fail "pkg-config does not know oversight"
cc -std=c17 -Wall -Werror "$TESTS/../docs/examples/owners.c" $flags -o owners 2>cc.log && pass || fail "example: $(cat cc.log)"
"$PREFIX/bin/oversight" --db s.db init >/dev/null
printf '%s\n' '{"id":"ex-a","schema":"Company","properties":{"name":["Example A"]}}' \
  '{"id":"ex-b","schema":"Company","properties":{"name":["Example B"]}}' \
  '{"id":"ex-o","schema":"Ownership","properties":{"owner":["ex-b"],"asset":["ex-a"],"percentage":["60%"]}}' > ex.json
expect_exit 0 "$PREFIX/bin/oversight" --db s.db load ex.json --source https://example.org/register --locator "p. 2"
LD_LIBRARY_PATH="$LIBDIR" ./owners s.db ex-a > ex.out 2>ex.err && pass || fail "example run: $(cat ex.err)"
expect_contains ex.out "holder=ex-b share=60.00% status=asserted evidence=1"
"$PREFIX/bin/oversight" --db s.db owners ex-a > cli.out
head -n "$(wc -l < cli.out)" ex.out > ex.head
expect_same cli.out ex.head
# the man page renders, the completion parses
bash -n "$PREFIX/share/bash-completion/completions/oversight" && pass || fail "completion script"
grep -q '^\.SS controllers' "$PREFIX/share/man/man1/oversight.1" && pass || fail "man page lacks controllers"
finish
