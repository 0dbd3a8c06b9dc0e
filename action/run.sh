#!/usr/bin/env bash
# Runs nginx-lint for the GitHub Action (action.yml): findings become
# annotations (--format github), and the SARIF report, when asked for, is
# written in the same run. The exit status is nginx-lint's.
#
# Inputs (environment), each a list of words separated by spaces or
# newlines, with shell-style quotes for words that hold spaces
# ("conf dir/site.conf"); nothing is expanded ($VAR, globs and backquotes
# stay as written):
#   NGINX_LINT_PATHS  files and directories to check (default: .)
#   NGINX_LINT_ARGS   more arguments for `nginx-lint check`
#   NGINX_LINT_SARIF  a file to write the SARIF report to, or empty
set -euo pipefail

# words TEXT: the words of TEXT, each followed by a NUL byte. xargs reads
# quotes and backslashes the way a shell does, and runs nothing but printf.
words() {
  [[ -n ${1//[[:space:]]/} ]] || return 0
  printf '%s' "$1" | xargs printf '%s\0'
}

lists="$(mktemp -d)"
trap 'rm -rf "$lists"' EXIT
for input in paths args; do
  case $input in
    paths) text="${NGINX_LINT_PATHS:-}" ;;
    args) text="${NGINX_LINT_ARGS:-}" ;;
  esac
  if ! words "$text" >"$lists/$input"; then
    echo "::error title=nginx-lint action::cannot read the words of $input: \"$text\" (an unmatched quote?)" >&2
    exit 2
  fi
done
paths=() extra=()
while IFS= read -r -d '' w; do paths+=("$w"); done <"$lists/paths"
while IFS= read -r -d '' w; do extra+=("$w"); done <"$lists/args"
if ((${#paths[@]} == 0)); then
  paths=(.)
fi
out=()
if [[ -n ${NGINX_LINT_SARIF:-} ]]; then
  mkdir -p "$(dirname "$NGINX_LINT_SARIF")"
  out=(--output "sarif=$NGINX_LINT_SARIF")
fi

nginx-lint version
cmd=(nginx-lint check --format github ${out[@]+"${out[@]}"} ${extra[@]+"${extra[@]}"} "${paths[@]}")
printf 'running:'
printf ' %q' "${cmd[@]}"
printf '\n'
"${cmd[@]}"
