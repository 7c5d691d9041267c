/**
 * The folder rules of src/ (docs/architecture.md, "Folder rules"): imports run one way, from the edges (cli, web)
 * through the composers (queue, training, reprocess) and intake (ingest) to the store and the pure stages, down to
 * core. `npm run cycles` checks them with dependency-cruiser; tests/house/folder-rules.test.ts shows a wrong-way
 * import fails it. A folder missing here fails too, so a new folder gets its place in the order deliberately.
 */
const PURE_STAGES = '(parse|extract|classify|similarity|arguments|attribute|relations)';
const KNOWN =
  '(core|config|ops|parse|extract|classify|similarity|arguments|attribute|relations|sandbox|store|ingest|queue|training|reprocess|web|cli)';

/** A folder may import only itself and the folders listed. */
const onlyImports = (name, folder, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/${folder}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: modules that need each other cannot be read, tested or loaded one at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'folder-not-in-rules',
      comment: 'Every folder of src/ has its place in the import order: add it to .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/${KNOWN}/` },
      to: {},
    },
    onlyImports('core-imports-nothing-of-ours', 'core', [], 'core is the floor: types, errors, ids, logger.'),
    onlyImports('config-imports-core', 'config', ['core'], 'Configuration is read before any stage runs.'),
    {
      name: 'pure-stage-imports-core',
      comment:
        'parse, extract, classify, similarity, arguments, attribute and relations are pure stages: values in, values out. They share types ' +
        'through core, never through each other; the worker composes them (e.g. builds passages for classify).',
      severity: 'error',
      from: { path: `^src/${PURE_STAGES}/` },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/$1/'] },
    },
    onlyImports('ops-imports-core', 'ops', ['core'], 'Metrics are a leaf every stage may count into.'),
    onlyImports(
      'sandbox-imports-extract',
      'sandbox',
      ['core', 'extract'],
      'The sandbox runs extract in worker threads; it is extract’s isolation, not a stage of its own.',
    ),
    onlyImports(
      'store-imports-core-and-config',
      'store',
      ['core', 'config'],
      'The store holds what the stages produce as data; it must not know how they produce it (types live in core).',
    ),
    onlyImports(
      'ingest-below-queue',
      'ingest',
      ['core', 'config', 'ops', 'store', 'parse'],
      'Intake stores raw mail and hands it on through a callback; the composer binds the queue to it.',
    ),
    {
      name: 'composers-below-edges',
      comment: 'queue, training and reprocess compose the stages; only cli and web sit above them.',
      severity: 'error',
      from: { path: '^src/(queue|training|reprocess)/' },
      to: { path: '^src/(cli|web)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
