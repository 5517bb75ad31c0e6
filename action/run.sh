#!/usr/bin/env bash
# Runs the statusgen command a step of statusgen's Action asks for, the way a workflow wants it:
#
#   validate         problems as annotations on the changed lines (--format github)
#   build            as given
#   changes, comms   Markdown, shown in the log and added to the job summary (--format markdown)
#   notify           its report added to the job summary (--summary)
#   due              fetches the live page's build.json (from site_url, past every cache, at most
#                    20 s and 64 KiB) and asks `statusgen due` about the checked-out commit; the
#                    output `due` is true or false. Whatever keeps it from telling counts as due.
#
# An option given in `args` wins over the one added here (--format text, for one). `args` is split
# as a shell splits words (quotes group them) by Python's shlex: nothing in it is expanded or run.
#
# In: STATUSGEN_COMMAND, STATUSGEN_ARGS, STATUSGEN_BIN (the installed statusgen), and the runner's
# RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_SHA, GITHUB_RUN_ID.
set -euo pipefail

command="${STATUSGEN_COMMAND:-}"
bin="${STATUSGEN_BIN:?the statusgen the Install step put in place}"
python="$(dirname "$bin")/python"

case "$command" in
  validate|build|changes|comms|notify|due) ;;
  *)
    echo "::error::statusgen's Action: command \"$command\" is not one of validate, build, changes, comms, notify, due (leave it empty to only install statusgen)"
    exit 2 ;;
esac

split="${RUNNER_TEMP:?}/statusgen-args.$$"
if ! "$python" -c '
import os, shlex, sys
try:
    words = shlex.split(os.environ.get("STATUSGEN_ARGS", ""))
except ValueError as exc:
    sys.exit(f"::error::statusgen'"'"'s Action: args cannot be split into words ({exc}): close every quote")
sys.stdout.write("".join(word + "\0" for word in words))
' > "$split"; then
  exit 2
fi
args=()
while IFS= read -r -d '' word; do
  args+=("$word")
done < "$split"
rm -f "$split"

given() {  # given --option: true when args holds it (alone or as --option=value)
  local word
  for word in "${args[@]}"; do
    if [ "$word" = "$1" ] || [ "${word#"$1"=}" != "$word" ]; then
      return 0
    fi
  done
  return 1
}

summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

case "$command" in
  validate)
    given --format || args+=(--format github)
    exec "$bin" validate "${args[@]}" ;;
  build)
    exec "$bin" build "${args[@]}" ;;
  notify)
    given --summary || [ "$summary" = /dev/null ] || args+=(--summary "$summary")
    exec "$bin" notify "${args[@]}" ;;
  changes|comms)
    if given --format; then
      exec "$bin" "$command" "${args[@]}"
    fi
    "$bin" "$command" "${args[@]}" --format markdown | tee -a "$summary" ;;
  due)
    live="$RUNNER_TEMP/statusgen-live-build.json"
    rm -f "$live"
    if url="$("$bin" due --print-url "${args[@]}")" && [ -n "$url" ]; then
      # Past every cache (Pages caches for 10 minutes), bounded in time and size.
      if ! curl --fail --silent --show-error --location --proto '=https,http' --proto-redir '=https,http' \
           --connect-timeout 10 --max-time 20 --max-filesize 65536 --header 'Cache-Control: no-cache' \
           --output "$live" "$url?run=${GITHUB_RUN_ID:-0}"; then
        echo "::warning::Could not fetch the live page's build.json; rebuilding to be safe."
        rm -f "$live"
      fi
    else
      echo "::warning::Could not tell the live page's address (site_url in mkdocs.yml); rebuilding to be safe."
    fi
    status=0
    "$bin" due --build-info "$live" --commit "${GITHUB_SHA:?}" "${args[@]}" || status=$?
    case "$status" in
      0) due=true ;;
      1) due=false ;;
      *) echo "::warning::statusgen due failed (exit $status); rebuilding to be safe."
         due=true ;;
    esac
    echo "due=$due" >> "${GITHUB_OUTPUT:?}" ;;
esac
