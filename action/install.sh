#!/usr/bin/env bash
# Installs statusgen from this Action's own files into a virtualenv of its own, once per job:
# every dependency pinned with its hashes (requirements/deploy.txt), statusgen itself built without
# fetching anything else, then `pip check`. A second use of the Action in the same job finds it
# installed. Only `statusgen` goes on PATH (through a folder holding that one link), so the job's
# own `python` and `pip` are never this virtualenv's.
#
# In: GITHUB_ACTION_PATH (this Action's files), STATUSGEN_PYTHON (the interpreter setup-python set
# up), RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT. Out: the outputs `version` and `bin`.
set -euo pipefail

action="${GITHUB_ACTION_PATH:?set by the runner: the folder of this Action}"
python="${STATUSGEN_PYTHON:?the Python set up for statusgen}"
lock="$action/requirements/deploy.txt"
home="${RUNNER_TEMP:?}/statusgen-action"
# One virtualenv per Action checkout and Python: two versions of the Action in one job do not mix.
key="$(printf '%s\n%s\n' "$action" "$python" | sha256sum | cut -c1-16)"
venv="$home/$key"

if [ -f "$venv/.installed" ] && [ -x "$venv/bin/statusgen" ]; then
  echo "statusgen is installed already (this job used the Action before)."
else
  rm -rf "$venv"
  mkdir -p "$home"
  "$python" -m venv "$venv"
  pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input)
  # setuptools first, by hash: what is published only as source is built with it, nothing fetched unhashed.
  "${pip[@]}" install --quiet --require-hashes --no-deps -r "$action/requirements/build.txt"
  "${pip[@]}" install --quiet --require-hashes --no-deps --no-build-isolation -r "$lock"
  "${pip[@]}" install --quiet --no-deps --no-build-isolation "$action"
  if ! "${pip[@]}" check; then
    echo "::error::statusgen's Action at $action: requirements/deploy.txt does not satisfy its pyproject.toml; a release of the Action like this is broken, use another (in statusgen's own repository: run make lock and commit requirements/deploy.txt)"
    exit 1
  fi
  touch "$venv/.installed"
fi

mkdir -p "$home/bin"
ln -sfn "$venv/bin/statusgen" "$home/bin/statusgen"
echo "$home/bin" >> "${GITHUB_PATH:?}"
version="$("$venv/bin/statusgen" --version)"
version="${version#statusgen }"
echo "statusgen $version"
{
  echo "version=$version"
  echo "bin=$venv/bin/statusgen"
} >> "${GITHUB_OUTPUT:?}"
