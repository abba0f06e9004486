#!/usr/bin/env node
// Compiles the test tokens in this folder with the pinned solc npm package (solcjs: the compiler is
// bundled, nothing is downloaded) and writes TestContracts.json next to this script.
// The C# tests only read TestContracts.json; run this after editing a .sol file:
//
//   npm ci                                            # once, at the repository root
//   node tests/SupportBot.Chain.Tests/Contracts/compile.js           # regenerate
//   node tests/SupportBot.Chain.Tests/Contracts/compile.js --check   # fail if the JSON is stale
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const here = __dirname;
const outputPath = path.join(here, 'TestContracts.json');

// Bytecode for an older hardfork runs on anvil's newer default one. No CBOR metadata is appended,
// so the bytecode depends on the code only, not on comments or file paths.
const settings = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  metadata: { appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
};

function readSources() {
  const sources = {};
  for (const file of fs.readdirSync(here).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: fs.readFileSync(path.join(here, file), 'utf8') };
  }
  return sources;
}

function resolveImport(importPath) {
  const file = path.join(here, path.normalize(importPath));
  if (path.dirname(file) !== here || !fs.existsSync(file)) {
    return { error: `import ${importPath} is not a file in ${here}` };
  }
  return { contents: fs.readFileSync(file, 'utf8') };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

function compile() {
  const input = { language: 'Solidity', sources: readSources(), settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport }));
  const problems = (output.errors || []).filter((e) => e.severity === 'error' || e.type === 'Warning');
  if (problems.length > 0) {
    for (const p of problems) console.error(p.formattedMessage || p.message);
    process.exit(1);
  }

  const contracts = {};
  for (const [file, byName] of Object.entries(output.contracts)) {
    for (const [name, contract] of Object.entries(byName)) {
      const bytecode = contract.evm.bytecode.object;
      if (!bytecode) continue; // abstract contracts have no creation code
      contracts[name] = {
        source: file,
        bytecode: '0x' + bytecode,
        methodIdentifiers: contract.evm.methodIdentifiers,
        abi: contract.abi,
      };
    }
  }

  const result = sortKeys({ compiler: solc.version(), settings: { evmVersion: settings.evmVersion, optimizer: settings.optimizer }, contracts });
  return JSON.stringify(result, null, 2) + '\n';
}

const text = compile();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(outputPath) ? fs.readFileSync(outputPath, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), outputPath)} is stale: run node ${path.relative(process.cwd(), __filename)}`);
    process.exit(1);
  }
  console.log('TestContracts.json is up to date');
} else {
  fs.writeFileSync(outputPath, text);
  console.log(`wrote ${path.relative(process.cwd(), outputPath)} (${Object.keys(JSON.parse(text).contracts).join(', ')})`);
}
