#!/usr/bin/env bash
# `polder run` on 1 rank and under mpirun on N ranks must write the same maps, snapshots and
# exposure (bit for bit: h5diff without a tolerance), and a bad scenario must stop all N ranks
# with exit code 2 and one polder error line.
#   cli_ranks_equal.sh POLDER MPIEXEC RANKS SCENARIO
set -euo pipefail
polder="$1"; mpiexec="$2"; ranks="$3"; scenario="$4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mpi=("$mpiexec" -n "$ranks" --oversubscribe --allow-run-as-root)

"$polder" run "$scenario" --out "$work/one.h5" --quiet > "$work/one.log"
"${mpi[@]}" "$polder" run "$scenario" --out "$work/many.h5" --quiet > "$work/many.log"
for group in /maps /snapshots /exposure; do
  if ! h5diff "$work/one.h5" "$work/many.h5" "$group" "$group" > "$work/diff.txt" 2>&1; then
    echo "FAIL: $group differs between 1 and $ranks ranks:"; head -20 "$work/diff.txt"; exit 1
  fi
done
echo "maps, snapshots and exposure identical on 1 and $ranks ranks"

# Collective failure: a scenario whose breach lies far outside the grid.
sed -e 's/^x = 105840.3/x = 5000.0/' "$scenario" > "$(dirname "$scenario")/.bad-$$.toml"
bad="$(dirname "$scenario")/.bad-$$.toml"
trap 'rm -rf "$work" "$bad"' EXIT
set +e
"${mpi[@]}" "$polder" run "$bad" --out "$work/bad.h5" --quiet > "$work/bad.out" 2> "$work/bad.err"
code=$?
set -e
lines=$(grep -c "^polder: error" "$work/bad.err" || true)
if [ "$code" -ne 2 ] || [ "$lines" -ne 1 ] || [ -e "$work/bad.h5" ]; then
  echo "FAIL: bad input on $ranks ranks: exit $code, $lines polder error lines, output file present: $([ -e "$work/bad.h5" ] && echo yes || echo no)"
  cat "$work/bad.err"; exit 1
fi
echo "bad input stopped all $ranks ranks: exit 2, one error line: $(grep '^polder: error' "$work/bad.err")"
