# Shared by the benchmark scripts: `timed LABEL COMMAND...` runs COMMAND with its stdout in
# "$work/out" and stderr in "$work/err", prints LABEL, wall time and peak memory (from
# /usr/bin/time), and leaves the seconds in $last_secs. A failing command stops the script.
timed() {
    local label="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
        cat "$work/err" >&2
        exit 1
    }
    read -r secs kb <"$work/time"
    printf '%-58s %8.2f s %7d MB\n' "$label" "$secs" "$((kb / 1024))"
    last_secs="$secs"
}
