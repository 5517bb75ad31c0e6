# actions/checkout, played on this machine (see action.yml).
set -euo pipefail
if [ "$INPUT_REPOSITORY" != "$GITHUB_REPOSITORY" ] || [ "$INPUT_SUBMODULES" != false ] || [ "$INPUT_LFS" != false ]; then
  echo "::error::the checkout stand-in serves $GITHUB_REPOSITORY alone, without submodules or LFS"
  exit 1
fi
url="https://github.com/$GITHUB_REPOSITORY"
server="ext::$STANDIN_PYTHON $STANDIN_HOME/gitserver.py"
dest="$GITHUB_WORKSPACE/$INPUT_PATH"
mkdir -p "$dest"
cd "$dest"
git init -q
git config remote.origin.url "$url"
git config remote.origin.fetch "+refs/heads/*:refs/remotes/origin/*"
git config protocol.ext.allow always
git config "url.$server %s.insteadOf" "$url"
if [ "$INPUT_PERSIST_CREDENTIALS" != true ]; then
  git config "url.$server --no-credentials %s.pushInsteadOf" "$url"
fi
export STANDIN_CALLER=checkout
ref="${INPUT_REF:-$GITHUB_REF}"
branch=""
local_ref="refs/remotes/origin/checkout"
case "$ref" in
  refs/heads/*) branch="${ref#refs/heads/}"; local_ref="refs/remotes/origin/$branch" ;;
  refs/pull/*) local_ref="refs/remotes/pull/${ref#refs/pull/}" ;;  # a pull request's merge commit
esac
if [ "$INPUT_FETCH_DEPTH" = 0 ]; then
  git fetch -q --prune --no-recurse-submodules origin "+refs/heads/*:refs/remotes/origin/*" "+refs/tags/*:refs/tags/*"
  case "$ref" in refs/pull/*) git fetch -q --no-tags origin "+$ref:$local_ref" ;; esac
else
  git fetch -q --no-tags --prune --no-recurse-submodules --depth="$INPUT_FETCH_DEPTH" origin "+$GITHUB_SHA:$local_ref"
fi
# As the real action does for the run's own ref: exactly the commit the run is for.
commit="$GITHUB_SHA"
if [ -n "$INPUT_REF" ] && [ "$INPUT_REF" != "$GITHUB_REF" ]; then
  commit="$(git rev-parse --verify "refs/remotes/origin/${branch:-$ref}^{commit}" 2>/dev/null || git rev-parse --verify "$ref^{commit}")"
fi
if [ -n "$branch" ]; then
  git checkout -q --force -B "$branch" "$commit"
  git branch -q --set-upstream-to "origin/$branch" "$branch" 2>/dev/null || true
else
  git checkout -q --force --detach "$commit"
fi
"$STANDIN_PYTHON" "$STANDIN_HOME/fault.py" log checkout "sha=$commit" "depth=$INPUT_FETCH_DEPTH" \
  "persist=$INPUT_PERSIST_CREDENTIALS"
echo "Checked out $GITHUB_REPOSITORY at $commit${branch:+ ($branch)} from the local origin."
