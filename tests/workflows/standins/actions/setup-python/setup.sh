# actions/setup-python, played on this machine (see action.yml).
set -euo pipefail
base="$STANDIN_BASE_VENV"
version="$("$base/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
case "$version" in
  "$INPUT_PYTHON_VERSION" | "$INPUT_PYTHON_VERSION".*) ;;
  *) echo "::warning::the setup-python stand-in has Python $version, not $INPUT_PYTHON_VERSION" ;;
esac
env="$RUNNER_TEMP/setup-python"
"$base/bin/python" -m venv --without-pip "$env"
site="$("$env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
# The prepared packages (pip among them) come after the job's own on sys.path.
"$base/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' > "$site/standin-prepared.pth"
printf '#!/bin/sh\nexec "%s/bin/python" -m pip "$@"\n' "$env" > "$env/bin/pip"
chmod +x "$env/bin/pip"
cp "$env/bin/pip" "$env/bin/pip3"
# Builds use the prepared setuptools instead of installing it into a throwaway environment first: the
# same backend, seconds sooner, for the `pip install .` of every job.
# pip's settings are the stand-in's own (nothing from PyPI), so they apply whatever update-environment says.
{
  echo "PIP_NO_INDEX=1"
  echo "PIP_NO_BUILD_ISOLATION=false"
  echo "PIP_FIND_LINKS=$STANDIN_WHEELHOUSE"
  echo "PIP_DISABLE_PIP_VERSION_CHECK=1"
} >> "$GITHUB_ENV"
if [ "${INPUT_UPDATE_ENVIRONMENT:-true}" != "false" ]; then
  echo "pythonLocation=$env" >> "$GITHUB_ENV"
  echo "$env/bin" >> "$GITHUB_PATH"
fi
echo "python-version=$version" >> "$GITHUB_OUTPUT"
echo "python-path=$env/bin/python" >> "$GITHUB_OUTPUT"
echo "Python $version is set up in $env (packages from $STANDIN_WHEELHOUSE only)."
