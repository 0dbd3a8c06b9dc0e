#!/usr/bin/env bash
# Puts nginx-lint on the job's PATH for the GitHub Action (action.yml).
#
# Which nginx-lint: the release named by NGINX_LINT_VERSION (the `version:`
# input, e.g. v1.2.3), else the release matching the action's own ref
# (ACTION_REF, `uses: nginx-lint/nginx-lint@v1.2.3`). A release archive is
# downloaded with its checksums.txt and used only when its SHA-256 matches.
# An untagged ref (a branch or a commit), or `version: source`, builds from
# the action's checkout (ACTION_PATH) with the Go already on PATH; the build
# uses GOTOOLCHAIN=auto for itself only, so an older Go fetches the toolchain
# go.mod asks for, and the job's own Go and PATH stay as they were.
#
# Inputs (environment): NGINX_LINT_VERSION, ACTION_REF, ACTION_REPOSITORY,
# ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, and
# NGINX_LINT_RELEASES: the URL the release assets are under (default
# https://github.com/ACTION_REPOSITORY/releases/download; the tests use a
# file:// URL). Prints what it did; exits non-zero with a reason otherwise.
set -euo pipefail

fail() { echo "::error title=nginx-lint action::$*" >&2; exit 1; }

repo="${ACTION_REPOSITORY:-nginx-lint/nginx-lint}"
ref="${ACTION_REF:-}"
want="${NGINX_LINT_VERSION:-}"
bindir="${RUNNER_TEMP:?RUNNER_TEMP is not set}/nginx-lint-bin"
tag_re='^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'

version=""
if [[ -n $want ]]; then
  if [[ $want != source && ! $want =~ $tag_re ]]; then
    fail "version: want a release tag such as v1.2.3, or \"source\"; got \"$want\""
  fi
  version="$want"
elif [[ $ref =~ $tag_re ]]; then
  version="$ref"
else
  version=source
fi

mkdir -p "$bindir"
exe=nginx-lint
[[ ${RUNNER_OS:-} == Windows ]] && exe=nginx-lint.exe

if [[ $version == source ]]; then
  src="${ACTION_PATH:?ACTION_PATH is not set}"
  command -v go >/dev/null ||
    fail "no Go on PATH to build nginx-lint at ref \"$ref\": use a release tag (uses: $repo@vX.Y.Z), set version: vX.Y.Z, or run actions/setup-go before this step"
  echo "building nginx-lint from $src (ref \"$ref\") with $(go version)"
  ldflags=""
  if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    ldflags="-X main.commit=$ref" # the downloaded action has no .git to read it from
  fi
  (cd "$src" && GOTOOLCHAIN=auto GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$bindir/$exe" ./cmd/nginx-lint) ||
    fail "building nginx-lint from source failed"
else
  case "${RUNNER_OS:-Linux}" in
    Linux) os=linux ext=tar.gz ;;
    macOS) os=darwin ext=tar.gz ;;
    Windows) os=windows ext=zip ;;
    *) fail "no release archive for RUNNER_OS=$RUNNER_OS" ;;
  esac
  case "${RUNNER_ARCH:-X64}" in
    X64) arch=amd64 ;;
    ARM64) arch=arm64 ;;
    *) fail "no release archive for RUNNER_ARCH=$RUNNER_ARCH" ;;
  esac
  asset="nginx-lint_${version#v}_${os}_${arch}.${ext}"
  base="${NGINX_LINT_RELEASES:-https://github.com/$repo/releases/download}/$version"
  dl="$(mktemp -d)"
  trap 'rm -rf "$dl"' EXIT
  echo "downloading $base/$asset"
  curl -fsSL --retry 3 -o "$dl/checksums.txt" "$base/checksums.txt" ||
    fail "cannot download checksums.txt of nginx-lint $version from $base"
  curl -fsSL --retry 3 -o "$dl/$asset" "$base/$asset" ||
    fail "cannot download $asset of nginx-lint $version from $base"
  expected="$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$dl/checksums.txt")"
  [[ -n $expected ]] || fail "checksums.txt of nginx-lint $version does not list $asset"
  if command -v sha256sum >/dev/null; then
    actual="$(sha256sum "$dl/$asset" | awk '{ print $1 }')"
  else
    actual="$(shasum -a 256 "$dl/$asset" | awk '{ print $1 }')"
  fi
  [[ $actual == "$expected" ]] || fail "$asset: SHA-256 $actual does not match checksums.txt ($expected); not used"
  echo "$asset: SHA-256 $actual matches checksums.txt"
  (cd "$dl" && tar -xf "$asset" "$exe") || fail "$asset holds no $exe"
  mv "$dl/$exe" "$bindir/$exe"
  chmod +x "$bindir/$exe"
fi

"$bindir/$exe" version
echo "$bindir" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
