// Converts the 64×64 emoji PNGs of the npm packages emoji-datasource-google 16.0.0 (Noto Emoji, Apache-2.0) and
// emoji-datasource-twitter 16.0.0 (Twemoji, CC-BY-4.0) into Pigment's `emoji` dataset: one RGB atlas per style,
// every emoji composited onto white, plus emoji.csv (name, category, split) in atlas order.
//
//   mkdir -p /tmp/emoji && cd /tmp/emoji
//   npm pack emoji-datasource-google@16.0.0 emoji-datasource-twitter@16.0.0
//   mkdir google twitter && tar xzf emoji-datasource-google-16.0.0.tgz -C google && tar xzf emoji-datasource-twitter-16.0.0.tgz -C twitter
//   npm install --prefix /tmp/emoji pngjs@7.0.0
//   node data/emoji/convert.mjs /tmp/emoji/google/package /tmp/emoji/twitter/package /tmp/emoji/node_modules data/emoji
//
// Which emoji: every entry of emoji.json except the "Component" category (skin-tone swatches and hair parts), in the
// package's sort order; the skin-tone variants (skin_variations) are left out, because they would make People & Body
// 60% of the data with near-copies of one drawing. Compositing: c = round((c·a + 255·(255 − a)) / 255) per channel.
// The split is by emoji, the same for both styles (a held-out emoji is unseen in either style), stratified by
// category: each category gives round(n / 10) of its emoji to the test set, chosen by a seeded shuffle (mulberry32,
// seed 20261205).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [googleDir, twitterDir, modulesDir, outDir] = process.argv.slice(2);
if (!googleDir || !twitterDir || !modulesDir || !outDir) {
  console.error("usage: node convert.mjs GOOGLE_PACKAGE TWITTER_PACKAGE NODE_MODULES_WITH_PNGJS OUT_DIR");
  process.exit(2);
}
const { PNG } = createRequire(path.join(path.resolve(modulesDir), "noop.js"))("pngjs");

const SIZE = 64;
const COLUMNS = 44;
const CATEGORIES = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places",
  "Activities", "Objects", "Symbols", "Flags"];
const STYLES = [["google", googleDir], ["twitter", twitterDir]];

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
const random = mulberry32(20261205);

const all = JSON.parse(fs.readFileSync(path.join(googleDir, "emoji.json"), "utf8"));
const emoji = all.filter(e => e.category !== "Component").sort((a, b) => a.sort_order - b.sort_order);
for (const e of emoji) {
  if (!CATEGORIES.includes(e.category)) throw new Error(`unknown category '${e.category}' for ${e.short_name}`);
  if (!e.has_img_google || !e.has_img_twitter) throw new Error(`${e.short_name} lacks an image in one style`);
}

// The held-out emoji: per category, round(n / 10) of them by a seeded shuffle.
const test = new Set();
for (const category of CATEGORIES) {
  const members = emoji.filter(e => e.category === category);
  for (let i = members.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [members[i], members[j]] = [members[j], members[i]];
  }
  for (const e of members.slice(0, Math.round(members.length / 10))) test.add(e.unified);
}

const rows = Math.ceil(emoji.length / COLUMNS);
fs.mkdirSync(outDir, { recursive: true });
for (const [style, dir] of STYLES) {
  const atlas = new PNG({ width: COLUMNS * SIZE, height: rows * SIZE, colorType: 2, inputHasAlpha: true });
  atlas.data.fill(255);
  emoji.forEach((e, index) => {
    const file = path.join(dir, "img", style, "64", e.image);
    const png = PNG.sync.read(fs.readFileSync(file));
    if (png.width !== SIZE || png.height !== SIZE) throw new Error(`${file} is ${png.width}×${png.height}, not 64×64`);
    const ox = (index % COLUMNS) * SIZE, oy = Math.floor(index / COLUMNS) * SIZE;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const s = (y * SIZE + x) * 4, d = ((oy + y) * atlas.width + ox + x) * 4;
        const a = png.data[s + 3];
        for (let c = 0; c < 3; c++) atlas.data[d + c] = Math.round((png.data[s + c] * a + 255 * (255 - a)) / 255);
        atlas.data[d + 3] = 255;
      }
  });
  const bytes = PNG.sync.write(atlas, { colorType: 2, deflateLevel: 9 });
  fs.writeFileSync(path.join(outDir, `${style}.png`), bytes);
  console.log(`${style}.png: ${emoji.length} emoji in a ${COLUMNS}×${rows} grid, ${(bytes.length / 1e6).toFixed(1)} MB`);
}

const quote = s => /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
const csv = ["index,unified,short_name,category,subcategory,split"];
emoji.forEach((e, index) => csv.push([index, e.unified, e.short_name, e.category, e.subcategory, test.has(e.unified) ? "test" : "train"].map(v => quote(String(v))).join(",")));
fs.writeFileSync(path.join(outDir, "emoji.csv"), csv.join("\n") + "\n");
const counts = CATEGORIES.map(c => `${c} ${emoji.filter(e => e.category === c).length}/${emoji.filter(e => e.category === c && test.has(e.unified)).length}`);
console.log(`emoji.csv: ${emoji.length} emoji, ${test.size} held out (category total/test: ${counts.join(", ")})`);
