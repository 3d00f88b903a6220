# Sourced by the benchmarks and checks: where the project is, one way to get the release binary,
# one median.
#
#   source "$(dirname "$0")/lib/common.sh"
#   release_solusi      # sets $solusi: $SOLUSI_BIN when given (to measure another build), else
#                       # the release build in .build-release, built first
#   debug_solusi        # the same with the debug build in .build (the checks)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

release_solusi() {
    if [ -n "${SOLUSI_BIN:-}" ]; then
        solusi=$SOLUSI_BIN
    else
        swift build -c release --scratch-path "$root/.build-release" --package-path "$root" >&2
        solusi="$root/.build-release/release/solusi"
    fi
}

debug_solusi() {
    if [ -n "${SOLUSI_BIN:-}" ]; then
        solusi=$SOLUSI_BIN
    else
        swift build --package-path "$root" >&2
        solusi="$root/.build/debug/solusi"
    fi
}

# The median of the numbers given; of an even count, the mean of the middle two.
median() {
    printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
